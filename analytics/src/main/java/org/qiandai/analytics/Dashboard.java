package org.qiandai.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.analytics.effect.CaseTrends;
import org.qiandai.analytics.effect.Effect;
import org.qiandai.analytics.reach.Funnels;
import org.qiandai.analytics.reach.ReachQueries;
import org.qiandai.analytics.reach.ReachQuery;
import org.qiandai.analytics.reach.ReachReport;
import org.qiandai.analytics.reach.ReachRow;
import org.qiandai.analytics.targets.Targets;
import org.springframework.stereotype.Service;

/** The leaders' dashboard: headline figures against the previous period, and everything a report of it holds. */
@Service
public class Dashboard {

    /** Breakdowns a report holds, in order. */
    public static final List<String> BREAKDOWNS = List.of("channel", "district", "segment", "profile", "day", "week", "month");
    /** Those kept per district, so the only ones a district filter allows. */
    static final List<String> PER_DISTRICT = List.of("district", "day", "week", "month");

    private final ReachQueries reach;
    private final Funnels funnels;
    private final Targets targets;
    private final CaseTrends cases;
    private final Clock clock;

    Dashboard(ReachQueries reach, Funnels funnels, Targets targets, CaseTrends cases, Clock clock) {
        this.reach = reach;
        this.funnels = funnels;
        this.targets = targets;
        this.cases = cases;
        this.clock = clock;
    }

    /** The filters with their defaults: the 30 days up to today. */
    public DashboardFilters defaults(LocalDate from, LocalDate to, String campaignId, String district) {
        LocalDate end = to == null ? LocalDate.now(clock) : to;
        LocalDate start = from == null ? end.minusDays(29) : from;
        return new DashboardFilters(start, end, blankToNull(campaignId), blankToNull(district));
    }

    /** @throws org.qiandai.analytics.reach.ReachRefusedException for a bad period */
    public Overview overview(DashboardFilters f) {
        long days = ChronoUnit.DAYS.between(f.from(), f.to()) + 1;
        LocalDate previousTo = f.from().minusDays(1);
        LocalDate previousFrom = previousTo.minusDays(days - 1);
        ReachRow now = reach.totals(f.from(), f.to(), f.campaignId(), f.district());
        ReachRow before = reach.totals(previousFrom, previousTo, f.campaignId(), f.district());
        Effect.Figures casesNow = cases.totals(f.from(), f.to(), f.district());
        Effect.Figures casesBefore = cases.totals(previousFrom, previousTo, f.district());
        return new Overview(f.from(), f.to(), previousFrom, previousTo, f.campaignId(), f.district(),
                count(now.measuredReach(), before.measuredReach(), "measured"), count(now.delivered(), before.delivered(), "measured"),
                count(now.sent(), before.sent(), "measured"), count(now.failed(), before.failed(), "measured"),
                count(now.impressions(), before.impressions(), "reported"),
                count(now.reportedUniqueUsers(), before.reportedUniqueUsers(), "reported"),
                count(now.estimated(), before.estimated(), "estimated"), count(now.actions(), before.actions(), "recorded"),
                count(now.activities(), before.activities(), "recorded"), count(now.pushOccurrences(), before.pushOccurrences(), "recorded"),
                count(casesNow.cases(), casesBefore.cases(), "recorded"),
                new Overview.Amount(Math.round(casesNow.losses() * 100) / 100.0, Math.round(casesBefore.losses() * 100) / 100.0, "recorded"),
                reach.state());
    }

    /** Everything a report of the dashboard holds for these filters. */
    public DashboardData data(DashboardFilters f) {
        Map<String, ReachReport> breakdowns = new LinkedHashMap<>();
        for (String b : BREAKDOWNS) {
            if (f.district() == null || PER_DISTRICT.contains(b)) {
                breakdowns.put(b, reach.reach(new ReachQuery(f.from(), f.to(), f.campaignId(), f.district(), b)));
            }
        }
        return new DashboardData(f, clock.instant(), overview(f), breakdowns, funnels.of(f.campaignId(), f.from(), f.to()),
                targets.ofYear(f.to().getYear()), cases.effect(f.campaignId(), null, f.district()));
    }

    private static Overview.Count count(long value, long previous, String kind) {
        return new Overview.Count(value, previous, kind);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
