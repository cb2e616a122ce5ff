package org.qiandai.targeting;

import java.util.List;

import org.qiandai.targeting.CaseEncoder.Coding;

/**
 * Encoded cases held compactly (a category index per categorical feature, the raw number per numeric one), so a
 * million cases take tens of megabytes; dense rows are made only for the samples k-means is fitted on.
 */
final class EncodedCases {

    final int n;
    final List<CaseFeature> features;
    final List<Coding> codings;
    final int dims;
    private final int[][] codes;
    private final double[][] numbers;

    EncodedCases(int n, List<CaseFeature> features, List<Coding> codings, int[][] codes, double[][] numbers, int dims) {
        this.n = n;
        this.features = features;
        this.codings = codings;
        this.codes = codes;
        this.numbers = numbers;
        this.dims = dims;
    }

    /** The category index of case {@code i} for feature {@code f}. */
    int code(int f, int i) {
        return codes[f][i];
    }

    /** The raw (untransformed-scale, log for loss) number of case {@code i} for numeric feature {@code f}, NaN if missing. */
    double number(int f, int i) {
        return numbers[f][i];
    }

    void row(int i, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int f = 0; f < codings.size(); f++) {
            Coding c = codings.get(f);
            if (c.numeric()) {
                double raw = numbers[f][i];
                out[c.offset()] = c.scaled(raw);
                if (c.missingColumn() && Double.isNaN(raw)) {
                    out[c.offset() + 1] = CaseEncoder.WEIGHT;
                }
            } else {
                out[c.offset() + codes[f][i]] = CaseEncoder.WEIGHT;
            }
        }
    }

    double[] row(int i) {
        double[] out = new double[dims];
        row(i, out);
        return out;
    }

    double[][] rows(int[] indices) {
        double[][] data = new double[indices.length][];
        for (int j = 0; j < indices.length; j++) {
            data[j] = row(indices[j]);
        }
        return data;
    }

    /**
     * Squared Euclidean distance from case {@code i} to a centroid, without making the row: for a one-hot block the
     * distance is Σc² − 2w·c[code] + w², with Σc² precomputed per centroid and feature in {@code blockNorms}.
     */
    double squaredDistance(int i, double[] centroid, double[] blockNorms) {
        double d = 0;
        for (int f = 0; f < codings.size(); f++) {
            Coding c = codings.get(f);
            if (c.numeric()) {
                double raw = numbers[f][i];
                double diff = c.scaled(raw) - centroid[c.offset()];
                d += diff * diff;
                if (c.missingColumn()) {
                    double m = (Double.isNaN(raw) ? CaseEncoder.WEIGHT : 0) - centroid[c.offset() + 1];
                    d += m * m;
                }
            } else {
                d += blockNorms[f] - 2 * CaseEncoder.WEIGHT * centroid[c.offset() + codes[f][i]]
                        + CaseEncoder.WEIGHT * CaseEncoder.WEIGHT;
            }
        }
        return Math.max(d, 0);
    }

    /** Per centroid, per categorical feature: Σ c² over its one-hot block. */
    double[][] blockNorms(double[][] centroids) {
        double[][] norms = new double[centroids.length][codings.size()];
        for (int k = 0; k < centroids.length; k++) {
            for (int f = 0; f < codings.size(); f++) {
                Coding c = codings.get(f);
                if (!c.numeric()) {
                    double s = 0;
                    for (int j = 0; j < c.dims(); j++) {
                        double v = centroids[k][c.offset() + j];
                        s += v * v;
                    }
                    norms[k][f] = s;
                }
            }
        }
        return norms;
    }

    /** The nearest centroid of every case; the squared distances summed go to {@code distortion[0]} if given. */
    int[] assign(double[][] centroids, double[] distortion) {
        double[][] norms = blockNorms(centroids);
        int[] labels = new int[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int k = 0; k < centroids.length; k++) {
                double d = squaredDistance(i, centroids[k], norms[k]);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            labels[i] = best;
            total += bestD;
        }
        if (distortion != null) {
            distortion[0] = total;
        }
        return labels;
    }

    /** The mean of the cases in each cluster (a Lloyd update over all cases); an empty cluster keeps its old centre. */
    double[][] means(int[] labels, double[][] previous) {
        int k = previous.length;
        double[][] sums = new double[k][dims];
        long[] sizes = new long[k];
        double[] row = new double[dims];
        for (int i = 0; i < n; i++) {
            row(i, row);
            double[] s = sums[labels[i]];
            for (int j = 0; j < dims; j++) {
                s[j] += row[j];
            }
            sizes[labels[i]]++;
        }
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                sums[c] = previous[c].clone();
            } else {
                for (int j = 0; j < dims; j++) {
                    sums[c][j] /= sizes[c];
                }
            }
        }
        return sums;
    }
}
