package org.qiandai.analytics.effect;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Case trends and a campaign's effect, from the case counters ({@link CaseCube}) alone: months of cells, never cases.
 * The comparison window is {@code qiandai.analytics.effect-window} whole months (default 3) unless asked otherwise,
 * and a side with fewer than {@code qiandai.analytics.small-numbers} cases (default 30) in a window is flagged.
 */
@Service
public class CaseTrends {

    static final List<CampaignStatus> MARKED = List.of(CampaignStatus.APPROVED, CampaignStatus.RUNNING, CampaignStatus.COMPLETED);
    /** Months a trend covers by default, ending with the current one. */
    static final int DEFAULT_MONTHS = 24;
    static final int MAX_WINDOW = 24;

    private final CaseCube cube;
    private final Campaigns campaigns;
    private final Segments segments;
    private final Clock clock;
    private final int window;
    private final int smallNumbers;

    CaseTrends(CaseCube cube, Campaigns campaigns, Segments segments, Clock clock,
               @Value("${qiandai.analytics.effect-window:3}") int window, @Value("${qiandai.analytics.small-numbers:30}") int smallNumbers) {
        this.cube = cube;
        this.campaigns = campaigns;
        this.segments = segments;
        this.clock = clock;
        this.window = window;
        this.smallNumbers = smallNumbers;
    }

    /** Cases and losses from {@code from} to {@code to} (inclusive report dates), in all or in one district. */
    public Effect.Figures totals(LocalDate from, LocalDate to, String district) {
        CaseCube.Cube c = cube.current();
        long n = 0;
        double losses = 0;
        for (CaseCube.Day day : c.days().subMap(from, true, to, true).values()) {
            if (district == null || district.isBlank()) {
                n += day.cases();
                losses += day.losses();
            } else {
                double[] d = day.districts().get(district.strip());
                if (d != null) {
                    n += (long) d[0];
                    losses += d[1];
                }
            }
        }
        return new Effect.Figures(n, losses);
    }

    /** Months {@code from}–{@code to} (null: the 24 up to this one), in all or in one district. */
    public CaseTrend trend(YearMonth from, YearMonth to, String district) {
        YearMonth last = to == null ? YearMonth.now(clock) : to;
        YearMonth first = from == null ? last.minusMonths(DEFAULT_MONTHS - 1L) : from;
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("to (" + last + ") is before from (" + first + ")");
        }
        if (first.plusMonths(120).isBefore(last)) {
            throw new IllegalArgumentException("a case trend spans at most 120 months");
        }
        CaseCube.Cube c = cube.current();
        Aggregates a = aggregates(c);
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        String onlyDistrict = district == null || district.isBlank() ? null : district.strip();
        int n = months.size();
        long[] total = new long[n];
        double[] totalLoss = new double[n];
        Map<String, long[]> byDistrict = new LinkedHashMap<>();
        Map<String, double[]> lossByDistrict = new LinkedHashMap<>();
        Map<String, long[]> byType = new LinkedHashMap<>();
        Map<String, double[]> lossByType = new LinkedHashMap<>();
        Map<String, long[]> byProfile = new LinkedHashMap<>();
        Map<String, double[]> lossByProfile = new LinkedHashMap<>();
        for (int m = 0; m < n; m++) {
            int i = m;
            Map<String, Aggregates.Slice> districts = a.months().getOrDefault(months.get(i), Map.of());
            for (Map.Entry<String, Aggregates.Slice> d : districts.entrySet()) {
                if (onlyDistrict != null && !onlyDistrict.equals(d.getKey())) {
                    continue;
                }
                Aggregates.Slice slice = d.getValue();
                total[i] += slice.cases[0];
                totalLoss[i] += slice.losses[0];
                add(byDistrict, lossByDistrict, d.getKey(), i, n, slice.cases[0], slice.losses[0]);
                slice.types.forEach((type, f) -> add(byType, lossByType, type, i, n, (long) f[0], f[1]));
                slice.profiles.forEach((profile, f) -> add(byProfile, lossByProfile, profile, i, n, (long) f[0], f[1]));
            }
        }
        List<CampaignPeriod> marked = new ArrayList<>();
        for (CampaignDetails d : campaigns.list(MARKED, first.atDay(1), last.atEndOfMonth())) {
            if (onlyDistrict == null || d.districts().isEmpty() || d.districts().contains(onlyDistrict)) {
                marked.add(period(d));
            }
        }
        marked.sort(java.util.Comparator.comparing(CampaignPeriod::from));
        return new CaseTrend(months.stream().map(YearMonth::toString).toList(), boxed(total), boxed(totalLoss),
                series(byDistrict, lossByDistrict, Map.of()), series(byType, lossByType, Map.of()),
                series(byProfile, lossByProfile, a.profileLabels()), marked, c.builtAt(), cube.building());
    }

    /**
     * Per month and district: cases and losses, by fraud type and by victim profile; worked out once per counted cube
     * and set of profile segments (a case fits a profile when it fits the rule of a segment saved from it).
     */
    private record Aggregates(String key, Map<YearMonth, Map<String, Slice>> months, Map<String, String> profileLabels) {

        static final class Slice {
            final long[] cases = new long[1];
            final double[] losses = new double[1];
            final Map<String, double[]> types = new LinkedHashMap<>();
            final Map<String, double[]> profiles = new LinkedHashMap<>();
        }
    }

    private volatile Aggregates aggregates;

    private Aggregates aggregates(CaseCube.Cube c) {
        Map<String, ProfileRule> profiles = profiles();
        StringBuilder key = new StringBuilder(c.build());
        profiles.forEach((k, v) -> key.append('|').append(k).append('=').append(v.rules()));
        Aggregates a = aggregates;
        if (a != null && a.key().equals(key.toString())) {
            return a;
        }
        Map<YearMonth, Map<String, Aggregates.Slice>> months = new java.util.TreeMap<>();
        c.months().forEach((month, cells) -> {
            Map<String, Aggregates.Slice> districts = new LinkedHashMap<>();
            for (CaseCell cell : cells) {
                Aggregates.Slice slice = districts.computeIfAbsent(cell.district(), d -> new Aggregates.Slice());
                slice.cases[0] += cell.cases();
                slice.losses[0] += cell.losses();
                double[] t = slice.types.computeIfAbsent(cell.fraudType() == null ? "未知" : cell.fraudType(), x -> new double[2]);
                t[0] += cell.cases();
                t[1] += cell.losses();
                for (Map.Entry<String, ProfileRule> p : profiles.entrySet()) {
                    if (p.getValue().matches(cell)) {
                        double[] f = slice.profiles.computeIfAbsent(p.getKey(), x -> new double[2]);
                        f[0] += cell.cases();
                        f[1] += cell.losses();
                    }
                }
            }
            months.put(month, districts);
        });
        Map<String, String> labels = new LinkedHashMap<>();
        profiles.forEach((k, v) -> labels.put(k, v.label()));
        a = new Aggregates(key.toString(), months, labels);
        aggregates = a;
        return a;
    }

    /**
     * The trend and, for a campaign, its comparison.
     *
     * @throws java.util.NoSuchElementException for an unknown campaign
     */
    public Effect effect(String campaignId, Integer windowMonths, String district) {
        int w = windowMonths == null ? window : windowMonths;
        if (w < 1 || w > MAX_WINDOW) {
            throw new IllegalArgumentException("window: " + w + " months; from 1 to " + MAX_WINDOW);
        }
        if (campaignId == null || campaignId.isBlank()) {
            return new Effect(trend(null, null, district), null, List.of());
        }
        CampaignDetails campaign = campaigns.details(campaignId.strip())
                .orElseThrow(() -> new java.util.NoSuchElementException("no campaign '" + campaignId + "'"));
        YearMonth start = YearMonth.from(campaign.from());
        YearMonth end = YearMonth.from(campaign.to());
        Effect.Window before = new Effect.Window(start.minusMonths(w), start.minusMonths(1));
        Effect.Window after = new Effect.Window(end.plusMonths(1), end.plusMonths(w));
        YearMonth now = YearMonth.now(clock);
        YearMonth trendFrom = before.from().minusMonths(12);
        YearMonth trendTo = after.to().isAfter(now) ? now : after.to();
        if (trendTo.isBefore(trendFrom.plusMonths(DEFAULT_MONTHS - 1L))) {
            trendTo = trendFrom.plusMonths(DEFAULT_MONTHS - 1L).isAfter(now) ? now : trendFrom.plusMonths(DEFAULT_MONTHS - 1L);
        }
        CaseTrend trend = trend(trendFrom, trendTo.isBefore(trendFrom) ? trendFrom : trendTo, district);

        List<Effect.TargetGroup> groups = new ArrayList<>();
        List<SegmentRule> rules = new ArrayList<>();
        for (String segmentId : campaign.segmentIds()) {
            Optional<SegmentView> s = segments.get(segmentId);
            s.ifPresent(v -> {
                groups.add(new Effect.TargetGroup(v.id(), v.name(), v.ruleText()));
                rules.add(v.rule());
            });
        }
        List<String> districts = campaign.districts();
        Predicate<CaseCell> inDistricts = c -> districts.isEmpty() || districts.contains(c.district());
        Predicate<CaseCell> inGroups = c -> rules.isEmpty() || rules.stream().anyMatch(r -> CaseRuleMatcher.matches(r, c));
        CaseCube.Cube c = cube.current();
        List<Effect.Group> sides = new ArrayList<>();
        sides.add(side("targeted", inDistricts.and(inGroups), c, before, after));
        sides.add(side("untargeted", inDistricts.and(inGroups).negate(), c, before, after));
        if (!districts.isEmpty()) {
            sides.add(side("targetedDistricts", inDistricts, c, before, after));
            sides.add(side("otherDistricts", inDistricts.negate(), c, before, after));
        }
        if (!rules.isEmpty()) {
            sides.add(side("targetedGroups", inGroups, c, before, after));
            sides.add(side("otherGroups", inGroups.negate(), c, before, after));
        }
        boolean complete = after.to().isBefore(now);
        Double targetedChange = sides.get(0).change();
        Double untargetedChange = sides.get(1).change();
        Double relative = targetedChange == null || untargetedChange == null ? null : targetedChange - untargetedChange;
        Effect.Comparison comparison = new Effect.Comparison(period(campaign), groups, w, before, after, complete, sides, relative);
        return new Effect(trend, comparison, caveats(comparison, campaign, c));
    }

    private List<Effect.Caveat> caveats(Effect.Comparison comparison, CampaignDetails campaign, CaseCube.Cube c) {
        List<Effect.Caveat> caveats = new ArrayList<>();
        caveats.add(new Effect.Caveat("not-proof", "A comparison, not proof: cases change for many reasons besides a campaign "
                + "(reporting, new fraud types, police action, the economy).", List.of()));
        List<String> small = comparison.groups().stream()
                .filter(g -> g.before().cases() < smallNumbers || g.after().cases() < smallNumbers).map(Effect.Group::key).toList();
        if (!small.isEmpty()) {
            caveats.add(new Effect.Caveat("small-numbers", "Fewer than " + smallNumbers + " cases in a window for " + String.join(", ", small)
                    + ": a change of a few cases is chance as often as not.", small));
        }
        boolean lastYearKnown = c.months().containsKey(comparison.before().from().minusMonths(12));
        caveats.add(new Effect.Caveat("seasonality", lastYearKnown
                ? "Cases rise and fall with the season: compare with the same months a year earlier (lastYear)."
                : "Cases rise and fall with the season, and the cases do not reach back a year before the comparison to show it.", List.of()));
        if (!comparison.afterComplete()) {
            caveats.add(new Effect.Caveat("incomplete", "The months after the campaign (" + comparison.after().from() + " – "
                    + comparison.after().to() + ") have not all passed: the after figures are partial.", List.of()));
        }
        if (comparison.groups().get(1).before().cases() == 0 && comparison.groups().get(1).after().cases() == 0) {
            caveats.add(new Effect.Caveat("no-comparison-group", "The campaign targeted everyone (no districts, no target groups): "
                    + "there is nothing untargeted to compare with.", List.of()));
        }
        List<String> overlapping = new ArrayList<>();
        for (CampaignDetails other : campaigns.list(MARKED, comparison.before().from().atDay(1), comparison.after().to().atEndOfMonth())) {
            if (!other.id().equals(campaign.id()) && (other.districts().isEmpty() || campaign.districts().isEmpty()
                    || !Collections.disjoint(other.districts(), campaign.districts()))) {
                overlapping.add(other.name());
            }
        }
        if (!overlapping.isEmpty()) {
            caveats.add(new Effect.Caveat("overlap", "Other campaigns ran in the same places around it: " + String.join(", ", overlapping) + ".",
                    overlapping));
        }
        return caveats;
    }

    private static Effect.Group side(String key, Predicate<CaseCell> in, CaseCube.Cube c, Effect.Window before, Effect.Window after) {
        Effect.Figures b = figures(c, in, before.from(), before.to());
        Effect.Figures a = figures(c, in, after.from(), after.to());
        Effect.Figures bl = figures(c, in, before.from().minusMonths(12), before.to().minusMonths(12));
        Effect.Figures al = figures(c, in, after.from().minusMonths(12), after.to().minusMonths(12));
        return new Effect.Group(key, b, a, change(b, a), bl, al, change(bl, al));
    }

    private static Double change(Effect.Figures before, Effect.Figures after) {
        return before.cases() == 0 ? null : (after.cases() - before.cases()) / (double) before.cases();
    }

    private static Effect.Figures figures(CaseCube.Cube c, Predicate<CaseCell> in, YearMonth from, YearMonth to) {
        long n = 0;
        double losses = 0;
        for (List<CaseCell> cells : c.months().subMap(from, true, to, true).values()) {
            for (CaseCell cell : cells) {
                if (in.test(cell)) {
                    n += cell.cases();
                    losses += cell.losses();
                }
            }
        }
        return new Effect.Figures(n, losses);
    }

    private static CampaignPeriod period(CampaignDetails d) {
        return new CampaignPeriod(d.id(), d.name(), d.from(), d.to(), d.districts(), d.status().name());
    }

    /** A victim profile's target groups (the segments saved from it): a case fits when it fits any of their rules. */
    private record ProfileRule(String label, List<SegmentRule> rules) {
        boolean matches(CaseCell c) {
            return rules.stream().anyMatch(r -> CaseRuleMatcher.matches(r, c));
        }
    }

    private Map<String, ProfileRule> profiles() {
        Map<String, ProfileRule> profiles = new LinkedHashMap<>();
        for (SegmentView s : segments.list()) {
            if (s.source() != null && s.source().runId() != null && s.source().profileIndex() != null) {
                String key = s.source().runId() + "#" + s.source().profileIndex();
                ProfileRule p = profiles.computeIfAbsent(key, k -> new ProfileRule(Objects.requireNonNullElse(s.source().label(), k), new ArrayList<>()));
                p.rules().add(s.rule());
            }
        }
        return profiles;
    }

    private static void add(Map<String, long[]> counts, Map<String, double[]> losses, String key, int i, int n, long cases, double lost) {
        counts.computeIfAbsent(key, k -> new long[n])[i] += cases;
        losses.computeIfAbsent(key, k -> new double[n])[i] += lost;
    }

    private static List<CaseTrend.Series> series(Map<String, long[]> counts, Map<String, double[]> losses, Map<String, String> labels) {
        List<CaseTrend.Series> list = new ArrayList<>();
        counts.forEach((k, v) -> list.add(new CaseTrend.Series(k, labels.getOrDefault(k, k), boxed(v), boxed(losses.get(k)))));
        list.sort(java.util.Comparator.comparingLong((CaseTrend.Series s) -> -s.cases().stream().mapToLong(Long::longValue).sum())
                .thenComparing(CaseTrend.Series::key));
        return list;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(Math.round(v * 100) / 100.0);
        }
        return list;
    }
}
