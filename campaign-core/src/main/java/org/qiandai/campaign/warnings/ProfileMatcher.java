package org.qiandai.campaign.warnings;

import java.util.Optional;

/**
 * Which victim profile a person at risk fits best: implemented by the targeting module from its profiling runs' scoring.
 * Triage asks it for every new lead; with no implementation, or no finished run, warnings fall back to the fraud
 * type's template.
 */
public interface ProfileMatcher {

    /** The best-fitting profile for what is known of the person; empty when there is nothing to score against. */
    Optional<ProfileMatch> match(PersonTraits person);

    /** What a lead says about the person (any of it may be null). */
    record PersonTraits(Integer age, String gender, String occupation, String fraudType, String district) {
    }

    /**
     * A profile of run {@code runId}: its index, label (e.g. 退休人员 · 冒充公检法及政府机关 · 家中 · 60岁以上), the scoring's
     * confidence 0–1, the profile's commonest fraud type and median age (null when unknown).
     */
    record ProfileMatch(String runId, int profile, String label, double confidence, String topFraudType, Double medianAge) {
    }
}
