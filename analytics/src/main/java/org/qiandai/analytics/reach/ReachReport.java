package org.qiandai.analytics.reach;

import java.time.LocalDate;
import java.util.List;

/**
 * A breakdown of reach over a period: one row per group ({@code key} the channel, district, segment, profile or
 * period), and {@code total}, whose {@code measuredReach} counts each person once however many groups they are in (so
 * it may be less than the rows' sum). For segment and profile breakdowns, partner and offline figures belong to no
 * target group: they are in {@code total} only.
 */
public record ReachReport(LocalDate from, LocalDate to, String campaignId, String district, String groupBy, List<ReachRow> rows,
                          ReachRow total) {
}
