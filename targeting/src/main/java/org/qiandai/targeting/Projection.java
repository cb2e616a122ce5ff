package org.qiandai.targeting;

/**
 * The first two principal components of a sample of encoded rows, by power iteration on their covariance
 * (a d×d matrix, d ≈ 50): enough for a scatter plot, and free of the native BLAS Smile's PCA wants.
 */
final class Projection {

    private final double[] mean;
    private final double[][] axes;

    private Projection(double[] mean, double[][] axes) {
        this.mean = mean;
        this.axes = axes;
    }

    static Projection fit(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / rows.length;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] r : rows) {
            for (int a = 0; a < d; a++) {
                double xa = r[a] - mean[a];
                if (xa == 0) {
                    continue;
                }
                for (int b = 0; b < d; b++) {
                    cov[a][b] += xa * (r[b] - mean[b]);
                }
            }
        }
        double[][] axes = new double[2][];
        for (int c = 0; c < 2; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = 1.0 / Math.sqrt(d) + 1e-3 * j; // fixed start: the same sample gives the same axes
            }
            double lambda = 0;
            for (int it = 0; it < 300; it++) {
                double[] w = multiply(cov, v);
                double norm = Math.sqrt(dot(w, w));
                if (norm < 1e-12) {
                    break;
                }
                for (int j = 0; j < d; j++) {
                    w[j] /= norm;
                }
                double change = 1 - Math.abs(dot(w, v));
                v = w;
                lambda = norm;
                if (change < 1e-10) {
                    break;
                }
            }
            // the sign of an eigenvector is arbitrary: make its largest loading positive
            int largest = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[j]) > Math.abs(v[largest])) {
                    largest = j;
                }
            }
            if (v[largest] < 0) {
                for (int j = 0; j < d; j++) {
                    v[j] = -v[j];
                }
            }
            axes[c] = v;
            // deflate so the next iteration finds the next component
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return new Projection(mean, axes);
    }

    double[] project(double[] row) {
        double[] xy = new double[2];
        for (int c = 0; c < 2; c++) {
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += (row[j] - mean[j]) * axes[c][j];
            }
            xy[c] = s;
        }
        return xy;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int a = 0; a < m.length; a++) {
            out[a] = dot(m[a], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
