package org.qiandai.targeting;

import java.util.List;
import java.util.Map;

/**
 * What scoring a new person needs from a finished run, in plain values a document store keeps as they are.
 *
 * @param features       the run's features, in the order of the encoding's columns
 * @param vocabularies   per categorical feature (by name): its values, one column each ("其他" pools rare ones, "未知" is missing)
 * @param numericScaling per numeric feature (by name): [mean, sd, median, 1 if it has a missing-value column else 0],
 *                       for age in years and for loss as log(1 + yuan)
 * @param centroids      per profile, its centre in the encoding
 * @param labels         per profile, the Chinese label
 * @param labelsEn       per profile, the English label
 * @param shares         per profile, its share of the run's cases (the prior when scoring)
 * @param spreads        per feature (by name): the mean squared distance of a case to its profile's centre on that
 *                       feature's columns (sets the scoring temperature)
 */
public record ProfileModel(List<CaseFeature> features, Map<String, List<String>> vocabularies,
                           Map<String, List<Double>> numericScaling, List<List<Double>> centroids, List<String> labels,
                           List<String> labelsEn, List<Double> shares, Map<String, Double> spreads) {

    /** A model without priors or spreads (equal priors, unit spreads are assumed when scoring). */
    public ProfileModel(List<CaseFeature> features, Map<String, List<String>> vocabularies,
                        Map<String, List<Double>> numericScaling, List<List<Double>> centroids, List<String> labels) {
        this(features, vocabularies, numericScaling, centroids, labels, labels, null, null);
    }
}
