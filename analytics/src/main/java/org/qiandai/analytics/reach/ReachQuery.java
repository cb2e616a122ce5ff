package org.qiandai.analytics.reach;

import java.time.LocalDate;

/** What to count: an inclusive period, optionally one campaign and one district, grouped by {@code groupBy}. */
public record ReachQuery(LocalDate from, LocalDate to, String campaignId, String district, String groupBy) {
}
