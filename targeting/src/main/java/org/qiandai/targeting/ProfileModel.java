package org.qiandai.targeting;

import java.util.List;
import java.util.Map;

/**
 * What scoring a new person needs from a finished run, in plain values a document store keeps as they are:
 * the features, how each was encoded, and the profiles' centres in that encoding. STUB: the engine defines the fields.
 */
public record ProfileModel(List<CaseFeature> features, Map<String, List<String>> vocabularies,
                           Map<String, List<Double>> numericScaling, List<List<Double>> centroids, List<String> labels) {
}
