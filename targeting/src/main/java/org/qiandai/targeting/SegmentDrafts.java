package org.qiandai.targeting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.campaign.segments.SegmentInterest;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.SegmentSource;
import org.springframework.stereotype.Service;

/**
 * Proposes a segment from a profile's dominant values, for the analyst to edit before saving: a rule ({@code all}) with
 * the age range of the profile's central bands and, for each contact attribute the profile is distinctive on
 * (gender, occupation, education, district), its top values up to {@value #COVERAGE} of the profile. Venue, fraud type
 * and contact channel describe the victims' cases, not contacts, so they become the segment's {@link SegmentInterest}
 * (what the warning should be about) and never count contacts. Pooled and missing values ("other", "未知") are never
 * proposed.
 */
@Service
public class SegmentDrafts {

    /** Values are taken, most common first, until they cover this share of the profile. */
    static final double COVERAGE = 0.8;
    /** An attribute is proposed only when its top value is this much more common in the profile than overall… */
    static final double MIN_LIFT = 1.2;
    /** …or when this share of the profile has its top value anyway. */
    static final double DOMINANT = 0.6;
    static final int MAX_VALUES = 5;
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*[–—\\-~至到]\\s*(\\d+)");
    private static final Pattern AT_LEAST = Pattern.compile("(\\d+)\\s*(岁?以上|\\+|岁及以上)|[≥>]=?\\s*(\\d+)");
    private static final Pattern BELOW = Pattern.compile("(\\d+)\\s*(岁?以下|岁及以下)|[≤<]=?\\s*(\\d+)");
    private static final Set<String> POOLED = Set.of("other", "others", "其他", "其它", "未知", "unknown", "missing", "缺失", "(缺失)",
            "（缺失）", "(其他)", "（其他）", "(missing)", "(other)", "不详", "");
    private static final Map<CaseFeature, SegmentField> CONTACT_FIELDS = Map.of(
            CaseFeature.OCCUPATION, SegmentField.OCCUPATION,
            CaseFeature.GENDER, SegmentField.GENDER,
            CaseFeature.EDUCATION, SegmentField.EDUCATION,
            CaseFeature.DISTRICT, SegmentField.DISTRICT);
    private static final List<CaseFeature> ORDER = List.of(CaseFeature.AGE, CaseFeature.GENDER, CaseFeature.OCCUPATION,
            CaseFeature.EDUCATION, CaseFeature.DISTRICT, CaseFeature.VENUE, CaseFeature.FRAUD_TYPE, CaseFeature.CONTACT_CHANNEL);

    private final ProfileRuns runs;

    SegmentDrafts(ProfileRuns runs) {
        this.runs = runs;
    }

    /**
     * The draft for profile {@code index} of a finished run; empty when there is no such run or profile.
     *
     * @throws IllegalStateException when the run is not DONE
     */
    public Optional<SegmentDraft> draft(String runId, int index) {
        Optional<ProfileRun> run = runs.find(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        ProfileRuns.requireDone(run.get());
        return run.get().profiles().stream().filter(p -> p.index() == index).findFirst().map(p -> draft(runId, p));
    }

    static SegmentDraft draft(String runId, Profile profile) {
        List<SegmentRule> conditions = new ArrayList<>();
        Map<CaseFeature, List<String>> interest = new java.util.EnumMap<>(CaseFeature.class);
        for (CaseFeature feature : ORDER) {
            profile.features().stream().filter(f -> f.feature() == feature).findFirst().ifPresent(summary -> {
                if (feature == CaseFeature.AGE) {
                    ageCondition(summary.topValues()).ifPresent(conditions::add);
                } else if (CONTACT_FIELDS.containsKey(feature)) {
                    valuesCondition(CONTACT_FIELDS.get(feature), summary.topValues()).ifPresent(conditions::add);
                } else {
                    topValues(feature == CaseFeature.GENDER, summary.topValues()).ifPresent(values -> interest.put(feature, values));
                }
            });
        }
        String description = String.format(Locale.ROOT, "画像运行 %s 的第 %d 类：%s；%d 起案件（占 %.1f%%）", runId, profile.index() + 1,
                profile.labelZh(), profile.size(), profile.share() * 100);
        SegmentInterest risk = new SegmentInterest(interest.get(CaseFeature.FRAUD_TYPE), interest.get(CaseFeature.VENUE),
                interest.get(CaseFeature.CONTACT_CHANNEL));
        return new SegmentDraft(profile.labelZh(), description, SegmentRule.all(conditions), risk.isEmpty() ? null : risk,
                new SegmentSource(runId, profile.index(), profile.labelZh()));
    }

    /** The bands covering {@value #COVERAGE} of the profile, most common first, as one range from the lowest to the highest. */
    static Optional<SegmentRule> ageCondition(List<ValueShare> bands) {
        Integer min = null;
        Integer max = null;
        boolean openBelow = false;
        boolean openAbove = false;
        double covered = 0;
        for (ValueShare band : byShare(bands)) {
            if (covered >= COVERAGE) {
                break;
            }
            int[] range = range(band.value());
            if (range == null) {
                continue;
            }
            covered += band.share();
            if (range[0] < 0) {
                openBelow = true;
            } else {
                min = min == null ? range[0] : Math.min(min, range[0]);
            }
            if (range[1] < 0) {
                openAbove = true;
            } else {
                max = max == null ? range[1] : Math.max(max, range[1]);
            }
        }
        if (covered == 0 || covered < 0.5) {
            return Optional.empty();
        }
        Integer low = openBelow ? null : min;
        Integer high = openAbove ? null : max;
        if (low == null && high == null) {
            return Optional.empty();
        }
        return Optional.of(SegmentRule.ageBetween(low, high));
    }

    /** {@code [low, high]} of a band like "26–35岁", "60岁以上" ({@code high} −1) or "18岁以下" ({@code low} −1); null if not a band. */
    static int[] range(String band) {
        if (band == null) {
            return null;
        }
        Matcher m = RANGE.matcher(band);
        if (m.find()) {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        m = AT_LEAST.matcher(band);
        if (m.find()) {
            return new int[] {Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3)), -1};
        }
        m = BELOW.matcher(band);
        if (m.find()) {
            return new int[] {-1, Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3))};
        }
        return null;
    }

    static Optional<SegmentRule> valuesCondition(SegmentField field, List<ValueShare> values) {
        if (field == null) {
            return Optional.empty();
        }
        return topValues(field == SegmentField.GENDER, values).map(chosen -> SegmentRule.in(field, chosen));
    }

    /** The values a draft proposes for one feature, or empty when the profile is not distinctive on it. */
    static Optional<List<String>> topValues(boolean gender, List<ValueShare> values) {
        List<ValueShare> real = byShare(values).stream().filter(v -> !pooled(v.value())).toList();
        if (real.isEmpty()) {
            return Optional.empty();
        }
        ValueShare top = real.get(0);
        if (top.lift() < MIN_LIFT && top.share() < DOMINANT) {
            return Optional.empty(); // the profile is like everyone else here: no condition
        }
        if (gender && top.share() < COVERAGE) {
            return Optional.empty(); // both genders: a gender condition would only exclude victims
        }
        List<String> chosen = new ArrayList<>();
        double covered = 0;
        for (ValueShare v : real) {
            if (covered >= COVERAGE || chosen.size() >= MAX_VALUES) {
                break;
            }
            chosen.add(v.value());
            covered += v.share();
        }
        return Optional.of(chosen);
    }

    private static boolean pooled(String value) {
        return value == null || POOLED.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static List<ValueShare> byShare(List<ValueShare> values) {
        return values == null ? List.of() : values.stream().sorted(Comparator.comparingDouble(ValueShare::share).reversed()).toList();
    }
}
