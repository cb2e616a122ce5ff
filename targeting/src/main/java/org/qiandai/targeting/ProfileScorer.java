package org.qiandai.targeting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.qiandai.targeting.CaseEncoder.Coding;

/**
 * Scores one person against a run's profiles, comparing only the columns of the features given.
 *
 * <p><b>Confidence.</b> Each profile j gets p_j ∝ share_j · exp(−d_j² / τ), where d_j² is the squared distance to its
 * centre on the given features and the temperature τ is half the profiles' mean squared member-to-centre distance on
 * those same features ({@link ProfileModel#spreads()}): a profile whose centre is one typical within-profile spread
 * further away than another's is e² ≈ 7× less likely. The shares act as priors, so with few attributes given the
 * larger profiles are favoured, as they should be. The confidence is the best profile's p.
 */
final class ProfileScorer {

    static final double TEMPERATURE_FACTOR = 0.5;

    private ProfileScorer() {
    }

    static ProfileScore score(ProfileModel model, Map<CaseFeature, String> attributes) {
        if (model == null || model.centroids() == null || model.centroids().isEmpty()) {
            throw new IllegalArgumentException("the model has no profiles to score against");
        }
        List<Coding> codings = CaseEncoder.codings(model);
        int k = model.centroids().size();
        double[] distances = new double[k];
        double spread = 0;
        for (Coding coding : codings) {
            String value = attributes == null ? null : attributes.get(coding.feature());
            if (value == null) {
                continue;
            }
            double[] columns;
            if (coding.numeric()) {
                double raw = parse(coding.feature(), value);
                if (Double.isNaN(raw)) {
                    continue;
                }
                columns = coding.missingColumn() ? new double[] {coding.scaled(raw), 0} : new double[] {coding.scaled(raw)};
            } else {
                String category = value.isBlank() ? CaseEncoder.UNKNOWN : value.strip();
                int index = coding.indexOf(category);
                if (index < 0) {
                    continue; // a value the run never saw and nothing pooled to compare it with
                }
                columns = new double[coding.dims()];
                columns[index] = CaseEncoder.WEIGHT;
            }
            for (int j = 0; j < k; j++) {
                List<Double> centre = model.centroids().get(j);
                for (int c = 0; c < columns.length; c++) {
                    double diff = columns[c] - centre.get(coding.offset() + c);
                    distances[j] += diff * diff;
                }
            }
            spread += model.spreads() == null ? 1 : model.spreads().getOrDefault(coding.feature().name(), 1.0);
        }
        double temperature = Math.max(1e-6, TEMPERATURE_FACTOR * spread);
        double min = Double.MAX_VALUE;
        for (double d : distances) {
            min = Math.min(min, d);
        }
        double[] weights = new double[k];
        double total = 0;
        for (int j = 0; j < k; j++) {
            double prior = model.shares() == null ? 1.0 / k : Math.max(1e-9, model.shares().get(j));
            weights[j] = prior * Math.exp(-(distances[j] - min) / temperature);
            total += weights[j];
        }
        List<ProfileScore.Fit> fits = new ArrayList<>();
        int best = 0;
        for (int j = 0; j < k; j++) {
            fits.add(new ProfileScore.Fit(j, model.labels().get(j), weights[j] / total, Math.sqrt(distances[j])));
            if (weights[j] > weights[best]) {
                best = j;
            }
        }
        return new ProfileScore(best, model.labels().get(best), weights[best] / total, fits);
    }

    /** Age in years, loss in yuan (as log(1 + yuan)); blank is missing; anything else not a number is an error. */
    private static double parse(CaseFeature feature, String value) {
        if (value.isBlank()) {
            return Double.NaN;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(feature + " must be a number, was \"" + value + "\"");
        }
        return feature == CaseFeature.LOSS ? CaseEncoder.lossValue(number) : number.doubleValue();
    }
}
