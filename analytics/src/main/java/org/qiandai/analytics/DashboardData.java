package org.qiandai.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.qiandai.analytics.effect.Effect;
import org.qiandai.analytics.reach.PushFunnel;
import org.qiandai.analytics.reach.ReachReport;
import org.qiandai.analytics.targets.TargetProgress;

/**
 * Every figure the dashboard shows for its filters, as a report writes them: the headline figures, each breakdown
 * (by name: channel, district, segment, profile, day, week, month; those not kept per district are left out when a
 * district is chosen), the push funnels, the targets of the period's year, and the case trend (with the campaign's
 * comparison when one is chosen). Aggregates only: no person and no case.
 */
public record DashboardData(DashboardFilters filters, Instant generatedAt, Overview overview, Map<String, ReachReport> breakdowns,
                            List<PushFunnel> funnels, List<TargetProgress> targets, Effect effect) {
}
