package org.qiandai.targeting;

import java.util.Set;

/**
 * How to profile: {@code k} fixed, or {@code null} to choose it between {@code minK} and {@code maxK};
 * {@code features} {@code null} for {@link CaseFeature#defaults()}; the same seed on the same cases gives the same result.
 */
public record ProfileParameters(Integer k, Set<CaseFeature> features, long seed, int minK, int maxK) {

    public static final int DEFAULT_MIN_K = 2;
    public static final int DEFAULT_MAX_K = 12;

    public static ProfileParameters of(Integer k, Set<CaseFeature> features, long seed) {
        return new ProfileParameters(k, features, seed, DEFAULT_MIN_K, DEFAULT_MAX_K);
    }

    public Set<CaseFeature> featuresOrDefault() {
        return features == null || features.isEmpty() ? CaseFeature.defaults() : features;
    }
}
