package org.qiandai.targeting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.qiandai.campaign.cases.CaseRecord;

/**
 * Describes each cluster in the analyst's words: the real values (numbers as bands) with their share inside the
 * profile and their lift against all cases, medians and totals, and a label from the dominant values.
 */
final class ProfileDescriber {

    static final int TOP = 5;
    /** What the label is made of, in this order, when present: who, what scam, how reached, how old. */
    private static final List<CaseFeature> LABEL = List.of(CaseFeature.OCCUPATION, CaseFeature.FRAUD_TYPE,
            CaseFeature.CONTACT_CHANNEL, CaseFeature.AGE);

    private ProfileDescriber() {
    }

    static String display(CaseFeature feature, CaseRecord c) {
        return switch (feature) {
            case AGE -> Bands.age(c.victimAge());
            case LOSS -> Bands.loss(c.loss());
            default -> CaseEncoder.category(feature, c);
        };
    }

    /**
     * @param features  the run's features, described in this order
     * @param stability per profile, 0–1
     */
    static List<Profile> describe(List<CaseRecord> cases, List<CaseFeature> features, int[] labels, int k, double[] stability) {
        int n = cases.size();
        Set<CaseFeature> counted = new LinkedHashSet<>(features);
        counted.addAll(LABEL);
        counted.addAll(List.of(CaseFeature.FRAUD_TYPE, CaseFeature.VENUE, CaseFeature.CONTACT_CHANNEL));
        // per feature: value -> counts per profile, plus the total at index k
        Map<CaseFeature, Map<String, long[]>> counts = new HashMap<>();
        for (CaseFeature f : counted) {
            counts.put(f, new HashMap<>());
        }
        long[] sizes = new long[k];
        long[][] ageHistogram = new long[k][122];
        double[][] losses = new double[k][];
        int[] lossCount = new int[k];
        BigDecimal[] totalLoss = new BigDecimal[k];
        Arrays.fill(totalLoss, BigDecimal.ZERO);
        for (int c = 0; c < k; c++) {
            losses[c] = new double[16];
        }
        for (int i = 0; i < n; i++) {
            CaseRecord r = cases.get(i);
            int p = labels[i];
            sizes[p]++;
            for (CaseFeature f : counted) {
                long[] row = counts.get(f).computeIfAbsent(display(f, r), v -> new long[k + 1]);
                row[p]++;
                row[k]++;
            }
            if (r.victimAge() != null) {
                ageHistogram[p][Math.max(0, Math.min(121, r.victimAge()))]++;
            }
            if (r.loss() != null) {
                if (lossCount[p] == losses[p].length) {
                    losses[p] = Arrays.copyOf(losses[p], losses[p].length * 2);
                }
                losses[p][lossCount[p]++] = r.loss().doubleValue();
                totalLoss[p] = totalLoss[p].add(r.loss());
            }
        }
        List<Profile> profiles = new ArrayList<>();
        Set<String> labelsSeen = new HashSet<>();
        for (int p = 0; p < k; p++) {
            List<FeatureSummary> summaries = new ArrayList<>();
            for (CaseFeature f : features) {
                summaries.add(new FeatureSummary(f, top(counts.get(f), p, k, sizes[p], n)));
            }
            double[] profileLosses = Arrays.copyOf(losses[p], lossCount[p]);
            Arrays.sort(profileLosses);
            BigDecimal medianLoss = lossCount[p] == 0 ? null
                    : BigDecimal.valueOf(CaseEncoder.median(profileLosses)).setScale(2, RoundingMode.HALF_UP);
            String[] label = label(counts, p, k, sizes[p], n, labelsSeen);
            profiles.add(new Profile(p, label[0], label[1], sizes[p], n == 0 ? 0 : (double) sizes[p] / n, summaries,
                    medianAge(ageHistogram[p]), medianLoss, totalLoss[p],
                    top(counts.get(CaseFeature.FRAUD_TYPE), p, k, sizes[p], n),
                    top(counts.get(CaseFeature.VENUE), p, k, sizes[p], n),
                    top(counts.get(CaseFeature.CONTACT_CHANNEL), p, k, sizes[p], n),
                    stability[p]));
        }
        return profiles;
    }

    /** The most common values in profile {@code p}, with share and lift; ties by value so the order is stable. */
    private static List<ValueShare> top(Map<String, long[]> counts, int p, int k, long size, int n) {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            if (e.getValue()[p] > 0) {
                entries.add(e);
            }
        }
        entries.sort((a, b) -> a.getValue()[p] != b.getValue()[p] ? Long.compare(b.getValue()[p], a.getValue()[p])
                : a.getKey().compareTo(b.getKey()));
        List<ValueShare> top = new ArrayList<>();
        for (Map.Entry<String, long[]> e : entries.subList(0, Math.min(TOP, entries.size()))) {
            long count = e.getValue()[p];
            double share = (double) count / size;
            double overall = (double) e.getValue()[k] / n;
            top.add(new ValueShare(e.getKey(), count, share, share / overall));
        }
        return top;
    }

    /** "学生 · 刷单返利 · QQ · 18–25岁" and its English; made unique by adding the venue, then a number. */
    private static String[] label(Map<CaseFeature, Map<String, long[]>> counts, int p, int k, long size, int n, Set<String> seen) {
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (CaseFeature f : LABEL) {
            String value = dominant(counts.get(f), p, k, size, n);
            if (value != null) {
                zh.add(value);
                en.add(Translations.english(value));
            }
        }
        String labelZh = String.join(" · ", zh);
        if (seen.contains(labelZh)) {
            String venue = dominant(counts.get(CaseFeature.VENUE), p, k, size, n);
            if (venue != null) {
                zh.add(venue);
                en.add(Translations.english(venue));
                labelZh = String.join(" · ", zh);
            }
        }
        String labelEn = String.join(" · ", en);
        if (seen.contains(labelZh)) {
            labelZh += " (" + (p + 1) + ")";
            labelEn += " (" + (p + 1) + ")";
        }
        if (zh.isEmpty()) {
            labelZh = "画像 " + (p + 1);
            labelEn = "Profile " + (p + 1);
        }
        seen.add(labelZh);
        return new String[] {labelZh, labelEn};
    }

    /** The profile's most common known value, preferring among close ones the value with the higher lift. */
    private static String dominant(Map<String, long[]> counts, int p, int k, long size, int n) {
        List<ValueShare> top = top(counts, p, k, size, n);
        ValueShare best = null;
        for (ValueShare v : top) {
            if (v.value().equals(CaseEncoder.UNKNOWN) || v.value().equals(CaseEncoder.OTHER)) {
                continue;
            }
            if (best == null) {
                best = v;
            } else if (v.share() >= 0.8 * best.share() && v.lift() > 1.5 * best.lift()) {
                // "家中" may lead everywhere; a nearly as common, much more distinctive value says more
                best = v;
            }
        }
        return best == null ? null : best.value();
    }

    private static Double medianAge(long[] histogram) {
        long total = Arrays.stream(histogram).sum();
        if (total == 0) {
            return null;
        }
        long lower = (total - 1) / 2;
        long upper = total / 2;
        double a = -1;
        double b = -1;
        long seen = 0;
        for (int age = 0; age < histogram.length; age++) {
            long next = seen + histogram[age];
            if (a < 0 && lower < next) {
                a = age;
            }
            if (b < 0 && upper < next) {
                b = age;
                break;
            }
            seen = next;
        }
        return (a + b) / 2;
    }
}
