package org.qiandai.targeting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import smile.validation.metric.AdjustedRandIndex;

/**
 * Chooses the number of profiles on a sample of at most {@value #SAMPLE} cases (all of them below that).
 *
 * <p><b>Criterion: the sharpest elbow among the stable k.</b> For every k from minK − 1 to maxK + 1 the best of
 * {@value #RESTARTS} k-means++ fits gives the distortion W(k) (W(1) is the total sum of squares). The elbow of k is
 * (W(k−1) − W(k)) / (W(k) − W(k+1)): how much more adding the k-th profile explained than adding the next one.
 * A k counts only if it is stable: two k-means fits on the two halves of the sample, each labelling the whole sample,
 * agree with an Adjusted Rand Index of at least {@value #MIN_STABILITY} (if no k does, all count). Among those, the
 * largest k whose elbow is at least {@value #NEAR_TIE} of the sharpest wins (a merged group loses an analyst more than
 * one split in two, and the first split of one-hot data is nearly always the sharpest).
 *
 * <p><b>Why.</b> Measured on the planted sets of {@code ProfilingQualityTests} (6 groups, 3,000 cases, seeds 1, 2, 3;
 * the curves are printed by {@code KSelectionExperiment}): Calinski–Harabasz peaked at k = 2 on all three (it rewards
 * the first big split of one-hot data, as silhouette does); split-half stability alone peaked at k = 3, 5 and 5 (merged
 * groups are as stable as real ones: 0.978 at k = 3 against 0.845 at the planted 6 on seed 1); the elbow alone picked
 * 6, 11 and 6 (a lucky fit at k = 11 on seed 2, whose stability is 0.79); the elbow among stable k picked 6 on all
 * three (ARI against the planted groups 0.933, 0.936, 0.946). Local optima distort the elbow, hence
 * {@value #RESTARTS} restarts per k on the sample: with 5, W(6) stayed above its trend on seed 3 and the elbow fell on 5.
 * On the realistic demo cases ({@code DemoCaseGenerator}, whose eight groups overlap heavily) the sharpest elbow is at
 * k = 2 (1.97) and stability falls below 0.8 after k = 4: with ties counted within 5% of the sharpest this picked 2,
 * two profiles that each merged four groups; within 70% it picks 4 (elbow 1.42, stability 0.95) and still 6 on all
 * three planted sets. The curve is returned so the analyst sees it and can fix k.
 */
final class KSelector {

    static final int SAMPLE = 20_000;
    static final int RESTARTS = 10;
    static final double MIN_STABILITY = 0.8;
    /** Elbows at least this share of the sharpest count as ties, which go to the larger k. */
    static final double NEAR_TIE = 0.7;

    /** One k measured on the sample: best distortion, Calinski–Harabasz and split-half stability (ARI). */
    record KMeasure(int k, double distortion, double calinskiHarabasz, double stability) {
    }

    private KSelector() {
    }

    static List<KMeasure> measure(KMeansFits fits, int minK, int maxK, long seed, Runnable checkCancelled,
                                  java.util.function.DoubleConsumer progress) {
        double[][] data = fits.data();
        int m = data.length;
        double total = totalSumOfSquares(data);
        // the same two halves for every k, so the curve compares like with like
        int[] order = permutation(m, new SplittableRandom(KMeansFits.mix(seed, 7, 7)));
        double[][] halfA = new double[m / 2][];
        double[][] halfB = new double[m - m / 2][];
        for (int i = 0; i < m; i++) {
            if (i < halfA.length) {
                halfA[i] = data[order[i]];
            } else {
                halfB[i - halfA.length] = data[order[i]];
            }
        }
        KMeansFits fitsA = new KMeansFits(halfA);
        KMeansFits fitsB = new KMeansFits(halfB);
        List<KMeasure> measures = new ArrayList<>();
        int last = Math.min(maxK + 1, m - 1);
        for (int k = Math.max(1, minK - 1); k <= last; k++) {
            if (k < minK || k > maxK) {
                // a neighbour only needed for the elbow of minK and maxK: its distortion, no stability
                double w = k == 1 ? total : fits.best(k, RESTARTS, KMeansFits.mix(seed, 1, k), checkCancelled).distortion();
                measures.add(new KMeasure(k, w, 0, Double.NaN));
                continue;
            }
            KMeansFits.Fit fit = fits.best(k, RESTARTS, KMeansFits.mix(seed, 1, k), checkCancelled);
            double within = fit.distortion();
            double ch = k == 1 || within <= 0 ? 0 : ((total - within) / (k - 1)) / (within / Math.max(1, m - k));
            double stability = 1;
            if (k > 1 && halfA.length > k) {
                KMeansFits.Fit a = fitsA.best(k, 2, KMeansFits.mix(seed, 2, k), checkCancelled);
                KMeansFits.Fit b = fitsB.best(k, 2, KMeansFits.mix(seed, 3, k), checkCancelled);
                stability = AdjustedRandIndex.of(KMeansFits.predict(a.centroids(), data), KMeansFits.predict(b.centroids(), data));
            }
            measures.add(new KMeasure(k, within, ch, stability));
            progress.accept((double) (k - minK + 1) / (maxK - minK + 2));
        }
        return measures;
    }

    static final String CRITERION = "elbow among stable k";

    /** The elbow of each k in [minK, maxK] of the measures (which run from minK − 1 to maxK + 1 where possible). */
    static double elbow(List<KMeasure> measures, int i) {
        if (i == 0) {
            return Double.NaN;
        }
        double before = measures.get(i - 1).distortion() - measures.get(i).distortion();
        double after = i + 1 < measures.size() ? measures.get(i).distortion() - measures.get(i + 1).distortion() : 0;
        // a drop of nothing after k (no further gain, or a worse optimum) makes k's elbow as sharp as can be
        return before <= 0 ? 0 : after <= 1e-12 * before ? 1e6 : before / after;
    }

    static KSelection selection(List<KMeasure> measures, int sampleSize) {
        List<KSelection.KScore> scores = new ArrayList<>();
        boolean anyStable = false;
        for (int i = 0; i < measures.size(); i++) {
            KMeasure m = measures.get(i);
            if (!Double.isNaN(m.stability())) {
                scores.add(new KSelection.KScore(m.k(), elbow(measures, i), m.stability()));
                anyStable |= m.stability() >= MIN_STABILITY;
            }
        }
        double bestElbow = Double.NEGATIVE_INFINITY;
        for (KSelection.KScore s : scores) {
            if ((!anyStable || s.secondary() >= MIN_STABILITY) && s.score() > bestElbow) {
                bestElbow = s.score();
            }
        }
        int chosen = scores.get(0).k();
        for (KSelection.KScore s : scores) {
            if ((!anyStable || s.secondary() >= MIN_STABILITY) && s.score() >= NEAR_TIE * bestElbow) {
                chosen = s.k(); // the last near-tie: the larger k
            }
        }
        final int k = chosen;
        KSelection.KScore picked = scores.stream().filter(s -> s.k() == k).findFirst().orElseThrow();
        String reason = String.format(java.util.Locale.ROOT,
                "k = %d is the largest k whose elbow (%.2f: the %d-th profile explains %.2f× what the next one would) is at "
                        + "least %.0f%% of the sharpest (%.2f) among the k whose split-half stability (ARI) is at least %.2f%s; "
                        + "score = elbow, secondary = stability; computed on %,d cases",
                k, picked.score(), k, picked.score(), NEAR_TIE * 100, bestElbow, MIN_STABILITY,
                anyStable ? "" : " (none reached it, so all k counted)", sampleSize);
        return new KSelection(CRITERION, scores, k, reason, sampleSize);
    }

    static double totalSumOfSquares(double[][] data) {
        int d = data[0].length;
        double[] mean = new double[d];
        for (double[] r : data) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / data.length;
            }
        }
        double s = 0;
        for (double[] r : data) {
            for (int j = 0; j < d; j++) {
                double x = r[j] - mean[j];
                s += x * x;
            }
        }
        return s;
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
