package org.qiandai.targeting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.targeting.CaseEncoder.Coding;

/**
 * One profiling computation: encode, choose k on a sample, fit k-means with restarts, assign every case, measure
 * stability, describe the profiles, project a sample to 2-D.
 *
 * <p><b>Large data.</b> k-means is fitted on at most {@value #FIT_SAMPLE} cases (all of them below that); above it,
 * every case is then assigned to its nearest centre, the centres are recomputed as the means of all their cases (one
 * Lloyd step over everything) and the cases assigned again. A random sample of 200,000 estimates each of ~50 centre
 * coordinates to within about ±0.003, far below the distance between profiles, so this loses no quality measurably
 * ({@code ProfilingBenchmark}: the mean squared distance per case on a million demo cases was 2.772, against 2.775
 * fitted on all of 100,000), while a fit on all of a million cases would need a BBD tree over 1M × ~50 columns (the
 * issue measured ~4 s and ~650 MB for 1M × 10) and several seconds per restart.
 */
final class ProfilingEngine {

    static final int FIT_SAMPLE = 200_000;
    /** Restarts of the final fit: as many as for choosing k on small data, fewer on large data where each costs seconds. */
    static final int RESTARTS_SMALL = KSelector.RESTARTS;
    static final int RESTARTS_LARGE = 5;
    static final int STABILITY_RESAMPLES = 3;
    static final int SCATTER = 2_000;

    private final List<CaseRecord> cases;
    private final ProfileParameters parameters;
    private final ProfilingProgress progress;
    private final long seed;

    ProfilingEngine(List<CaseRecord> cases, ProfileParameters parameters, ProfilingProgress progress) {
        if (cases == null || cases.isEmpty()) {
            throw new IllegalArgumentException("no cases to profile: the run's filter matched 0 cases");
        }
        if (parameters == null) {
            throw new IllegalArgumentException("profiling parameters are required");
        }
        if (parameters.k() != null && parameters.k() < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + parameters.k());
        }
        if (parameters.k() == null && (parameters.minK() < 1 || parameters.maxK() < parameters.minK())) {
            throw new IllegalArgumentException("need 1 ≤ minK ≤ maxK, got minK=" + parameters.minK() + ", maxK=" + parameters.maxK());
        }
        this.cases = cases;
        this.parameters = parameters;
        this.progress = progress == null ? ProfilingProgress.NONE : progress;
        this.seed = parameters.seed();
    }

    private void checkCancelled() {
        if (progress.cancelled()) {
            throw new ProfilingCancelledException();
        }
    }

    private void report(double fraction, String stage) {
        progress.report(fraction, stage);
        checkCancelled();
    }

    ProfilingOutcome run() {
        report(0, "encoding");
        List<CaseFeature> features = parameters.featuresOrDefault().stream().sorted().toList();
        EncodedCases encoded = CaseEncoder.encode(cases, features);
        int n = encoded.n;

        // the k sample is also the stability sample; the fit sample contains it when both are all cases
        int[] kSample = sample(n, KSelector.SAMPLE, KMeansFits.mix(seed, 11, 0));
        KMeansFits kFits = new KMeansFits(encoded.rows(kSample));
        int distinct = distinct(kFits.data(), Math.max(parameters.maxK(), parameters.k() == null ? 0 : parameters.k()) + 1);
        report(0.05, "choosing k");

        KSelection selection = selectK(kFits, distinct);
        int k = selection.chosen();
        report(0.45, "clustering");

        int[] fitSample = sample(n, FIT_SAMPLE, KMeansFits.mix(seed, 12, 0));
        KMeansFits fits = fitSample.length == kSample.length ? kFits : new KMeansFits(encoded.rows(fitSample));
        KMeansFits.Fit fit = fits.best(k,
                fitSample.length <= KSelector.SAMPLE ? RESTARTS_SMALL : RESTARTS_LARGE, KMeansFits.mix(seed, 4, k), this::checkCancelled);
        double[][] centroids = fit.centroids();
        report(0.7, "assigning");
        double[] distortion = new double[1];
        int[] labels = encoded.assign(centroids, distortion);
        if (fitSample.length < n) {
            centroids = encoded.means(labels, centroids);
            labels = encoded.assign(centroids, distortion);
        }
        // order profiles by size, largest first, and drop any that ended empty
        long[] sizes = new long[centroids.length];
        for (int label : labels) {
            sizes[label]++;
        }
        Integer[] order = new Integer[centroids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a]) : Integer.compare(a, b));
        int[] rank = new int[centroids.length];
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
            if (sizes[order[i]] > 0) {
                kept.add(centroids[order[i]]);
            }
        }
        centroids = kept.toArray(double[][]::new);
        for (int i = 0; i < n; i++) {
            labels[i] = rank[labels[i]];
        }
        k = centroids.length;
        report(0.75, "stability");

        double[] stability = stability(kFits, centroids);
        report(0.85, "profiles");

        List<Profile> profiles = ProfileDescriber.describe(cases, features, labels, k, stability);
        report(0.95, "projection");

        List<ScatterPoint> scatter = scatter(encoded, labels);
        Map<String, Double> spreads = spreads(encoded, labels, centroids);

        Map<String, Double> quality = new LinkedHashMap<>();
        quality.put("distortion", distortion[0]);
        quality.put("meanSquaredDistance", distortion[0] / n);
        double totalSS = totalSumOfSquares(encoded);
        quality.put("explainedVariance", totalSS <= 0 ? 1.0 : Math.max(0, 1 - distortion[0] / totalSS));
        quality.put("meanStability", Arrays.stream(stability).average().orElse(1));
        quality.put("minStability", Arrays.stream(stability).min().orElse(1));
        quality.put("fitSampleSize", (double) fitSample.length);
        quality.put("dimensions", (double) encoded.dims);

        List<List<Double>> centroidList = new ArrayList<>();
        for (double[] c : centroids) {
            centroidList.add(Arrays.stream(c).boxed().toList());
        }
        ProfileModel model = new ProfileModel(features, CaseEncoder.vocabularies(encoded.codings),
                CaseEncoder.numericScaling(encoded.codings), centroidList,
                profiles.stream().map(Profile::labelZh).toList(), profiles.stream().map(Profile::labelEn).toList(),
                profiles.stream().map(Profile::share).toList(), spreads);
        progress.report(1, "done");
        return new ProfilingOutcome(k, selection, profiles, quality, scatter, labels, model);
    }

    private KSelection selectK(KMeansFits kFits, int distinct) {
        int m = kFits.data().length;
        if (parameters.k() != null) {
            int k = Math.min(parameters.k(), distinct);
            String reason = k == parameters.k() ? "k fixed by the analyst"
                    : "k fixed at " + parameters.k() + " by the analyst, but the cases have only " + distinct
                    + " distinct combinations of values, so k = " + k;
            return new KSelection("fixed", List.of(), k, reason, m);
        }
        if (distinct <= parameters.minK()) {
            return new KSelection(KSelector.CRITERION, List.of(), distinct,
                    "the cases have only " + distinct + " distinct combination" + (distinct == 1 ? "" : "s")
                            + " of values, no more than minK = " + parameters.minK() + ", so k = " + distinct, m);
        }
        int maxK = Math.min(parameters.maxK(), distinct);
        List<KSelector.KMeasure> measures = KSelector.measure(kFits, parameters.minK(), maxK, seed, this::checkCancelled,
                f -> progress.report(0.05 + 0.4 * f, "choosing k"));
        return KSelector.selection(measures, m);
    }

    /**
     * Per profile, how consistently it reappears: on {@value #STABILITY_RESAMPLES} random halves of the sample,
     * refit with other seeds, label the whole sample with the refit, and take the best Jaccard overlap of the profile's
     * members with any refit cluster; the mean over the resamples.
     */
    private double[] stability(KMeansFits sample, double[][] centroids) {
        int k = centroids.length;
        double[] stability = new double[k];
        double[][] data = sample.data();
        if (k == 1 || data.length < 2 * k) {
            Arrays.fill(stability, 1);
            return stability;
        }
        int[] reference = KMeansFits.predict(centroids, data);
        for (int b = 0; b < STABILITY_RESAMPLES; b++) {
            checkCancelled();
            int[] half = Arrays.copyOf(KSelector.permutation(data.length, new SplittableRandom(KMeansFits.mix(seed, 5, b))), data.length / 2);
            Arrays.sort(half);
            double[][] rows = new double[half.length][];
            for (int i = 0; i < half.length; i++) {
                rows[i] = data[half[i]];
            }
            KMeansFits.Fit refit = new KMeansFits(rows).best(k, 2, KMeansFits.mix(seed, 6, b), this::checkCancelled);
            int[] other = KMeansFits.predict(refit.centroids(), data);
            long[][] both = new long[k][refit.k()];
            long[] sizeA = new long[k];
            long[] sizeB = new long[refit.k()];
            for (int i = 0; i < data.length; i++) {
                both[reference[i]][other[i]]++;
                sizeA[reference[i]]++;
                sizeB[other[i]]++;
            }
            for (int p = 0; p < k; p++) {
                double best = sizeA[p] == 0 ? 1 : 0;
                for (int q = 0; q < refit.k(); q++) {
                    long union = sizeA[p] + sizeB[q] - both[p][q];
                    if (union > 0) {
                        best = Math.max(best, (double) both[p][q] / union);
                    }
                }
                stability[p] += best / STABILITY_RESAMPLES;
            }
        }
        return stability;
    }

    private List<ScatterPoint> scatter(EncodedCases encoded, int[] labels) {
        int[] points = sample(encoded.n, SCATTER, KMeansFits.mix(seed, 13, 0));
        double[][] rows = encoded.rows(points);
        Projection projection = Projection.fit(rows);
        List<ScatterPoint> scatter = new ArrayList<>(points.length);
        for (int i = 0; i < points.length; i++) {
            double[] xy = projection.project(rows[i]);
            scatter.add(new ScatterPoint(cases.get(points[i]).caseNo(), xy[0], xy[1], labels[points[i]]));
        }
        return scatter;
    }

    /** Per feature, the mean squared distance of a case to its centre on the feature's columns. */
    private static Map<String, Double> spreads(EncodedCases encoded, int[] labels, double[][] centroids) {
        List<Coding> codings = encoded.codings;
        double[] sums = new double[codings.size()];
        double[] row = new double[encoded.dims];
        int step = Math.max(1, encoded.n / 50_000); // a regular subsample is plenty for a mean
        int counted = 0;
        for (int i = 0; i < encoded.n; i += step) {
            encoded.row(i, row);
            double[] c = centroids[labels[i]];
            for (int f = 0; f < codings.size(); f++) {
                Coding coding = codings.get(f);
                for (int j = coding.offset(); j < coding.offset() + coding.dims(); j++) {
                    sums[f] += (row[j] - c[j]) * (row[j] - c[j]);
                }
            }
            counted++;
        }
        Map<String, Double> spreads = new LinkedHashMap<>();
        for (int f = 0; f < codings.size(); f++) {
            spreads.put(codings.get(f).feature().name(), sums[f] / counted);
        }
        return spreads;
    }

    private static double totalSumOfSquares(EncodedCases encoded) {
        double[] mean = new double[encoded.dims];
        double[] row = new double[encoded.dims];
        for (int i = 0; i < encoded.n; i++) {
            encoded.row(i, row);
            for (int j = 0; j < row.length; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= encoded.n;
        }
        double s = 0;
        for (int i = 0; i < encoded.n; i++) {
            encoded.row(i, row);
            for (int j = 0; j < row.length; j++) {
                s += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        return s;
    }

    /** All indices in order when n ≤ size, else a random sample of {@code size}, in input order. */
    static int[] sample(int n, int size, long seed) {
        if (n <= size) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] picked = Arrays.copyOf(KSelector.permutation(n, new SplittableRandom(seed)), size);
        Arrays.sort(picked);
        return picked;
    }

    /** How many distinct rows there are, counting no further than {@code cap}. */
    static int distinct(double[][] rows, int cap) {
        Set<Long> seen = new HashSet<>();
        for (double[] row : rows) {
            long h = 1125899906842597L;
            for (double v : row) {
                h = 31 * h + Double.doubleToLongBits(v);
                h ^= h >>> 29;
            }
            seen.add(h);
            if (seen.size() >= cap) {
                break;
            }
        }
        return seen.size();
    }
}
