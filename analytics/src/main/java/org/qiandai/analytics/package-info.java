/**
 * Analytics: reach counters, dashboards' queries, case trends, effect and reports.
 */
@org.springframework.modulith.ApplicationModule(displayName = "analytics", allowedDependencies = "campaign :: *")
package org.qiandai.analytics;
