/**
 * Analytics: reach counters ({@code reach}), case trends and effect ({@code effect}), targets ({@code targets}) and
 * reports ({@code reports}); {@link org.qiandai.analytics.Dashboard} puts them together for the leaders' dashboard.
 */
@org.springframework.modulith.ApplicationModule(displayName = "analytics", allowedDependencies = "campaign :: *")
package org.qiandai.analytics;
