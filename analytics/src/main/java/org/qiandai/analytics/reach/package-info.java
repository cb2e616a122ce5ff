/**
 * Reach: counters kept as deliveries change status and partner reports, activities and occurrences arrive (measured
 * reach as distinct people, never mixed with reported impressions or estimated audiences), their rebuild from the
 * records, and the questions the dashboard asks of them.
 */
@org.springframework.modulith.NamedInterface("reach")
package org.qiandai.analytics.reach;
