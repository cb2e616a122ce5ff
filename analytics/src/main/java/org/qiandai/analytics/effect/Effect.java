package org.qiandai.analytics.effect;

import java.time.YearMonth;
import java.util.List;

/**
 * The case trend, and for a campaign the comparison of cases before and after it in what it targeted (its districts
 * and target groups) beside what it did not, with the caveats that keep it from being read as proof.
 */
public record Effect(CaseTrend trend, Comparison comparison, List<Caveat> caveats) {

    /**
     * Whole months: {@code before} the {@code windowMonths} before the campaign's first month, {@code after} the same
     * number after its last month ({@code afterComplete} false while those have not all passed). {@code relativeChange}
     * is the targeted change minus the untargeted one.
     */
    public record Comparison(CampaignPeriod campaign, List<TargetGroup> targetGroups, int windowMonths, Window before, Window after,
                             boolean afterComplete, List<Group> groups, Double relativeChange) {
    }

    public record TargetGroup(String segmentId, String name, String rule) {
    }

    public record Window(YearMonth from, YearMonth to) {
    }

    public record Figures(long cases, double losses) {
    }

    /**
     * One side of the comparison ({@code targeted}, {@code untargeted}, {@code targetedDistricts}, {@code otherDistricts},
     * {@code targetedGroups}, {@code otherGroups}): its cases before and after, the change ((after − before) / before; null
     * when there were none before), and the same windows a year earlier, for seasonality.
     */
    public record Group(String key, Figures before, Figures after, Double change, Figures beforeLastYear, Figures afterLastYear,
                        Double changeLastYear) {
    }

    /** Why the comparison is not proof ({@code code}: not-proof, small-numbers, seasonality, incomplete, overlap, no-comparison-group). */
    public record Caveat(String code, String message, List<String> about) {
    }
}
