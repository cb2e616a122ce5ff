package org.qiandai.targeting;

import smile.clustering.BBDTree;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * k-means with Smile: k-means++ seeding, Lloyd iterations accelerated by a BBD tree (built once per data set and
 * shared by every restart and every k), several restarts with seeds derived from the run's seed, the lowest
 * distortion kept. Smile's random numbers are per thread, so each fit seeds them on the computing thread.
 */
final class KMeansFits {

    static final int MAX_ITERATIONS = 100;

    /** The best fit's centres, its labels for the data and its distortion (sum of squared distances). */
    record Fit(double[][] centroids, int[] labels, double distortion) {
        int k() {
            return centroids.length;
        }
    }

    private final double[][] data;
    private BBDTree tree;

    KMeansFits(double[][] data) {
        this.data = data;
    }

    double[][] data() {
        return data;
    }

    /** The lowest-distortion fit of {@code restarts} k-means++ starts. */
    Fit best(int k, int restarts, long seed, Runnable checkCancelled) {
        if (k <= 1 || data.length <= k) {
            return k <= 1 ? single() : identity(k);
        }
        if (tree == null) {
            tree = new BBDTree(data);
        }
        // Smile's tolerance is an absolute change in total distortion: scale it with the data or it never stops early
        double tolerance = data.length * data[0].length * 1e-6;
        Fit best = null;
        for (int r = 0; r < restarts; r++) {
            checkCancelled.run();
            MathEx.setSeed(mix(seed, k, r));
            KMeans fit = KMeans.fit(tree, data, k, MAX_ITERATIONS, tolerance);
            if (best == null || fit.distortion < best.distortion()) {
                best = new Fit(fit.centroids, fit.y, fit.distortion);
            }
        }
        return best;
    }

    private Fit single() {
        int d = data[0].length;
        double[] mean = new double[d];
        for (double[] row : data) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / data.length;
            }
        }
        double distortion = 0;
        for (double[] row : data) {
            distortion += MathEx.squaredDistance(row, mean);
        }
        return new Fit(new double[][] {mean}, new int[data.length], distortion);
    }

    /** As many points as clusters: each its own. */
    private Fit identity(int k) {
        double[][] centroids = new double[data.length][];
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            centroids[i] = data[i].clone();
            labels[i] = i;
        }
        return new Fit(centroids, labels, 0);
    }

    /** Nearest centre of a dense row. */
    static int nearest(double[][] centroids, double[] row) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int k = 0; k < centroids.length; k++) {
            double d = MathEx.squaredDistance(row, centroids[k]);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    static int[] predict(double[][] centroids, double[][] rows) {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = nearest(centroids, rows[i]);
        }
        return labels;
    }

    /** A seed per (run seed, purpose/k, restart), well spread (SplitMix64 finaliser). */
    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
