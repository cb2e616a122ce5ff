package org.qiandai.targeting;

import java.util.List;
import java.util.Map;

import org.qiandai.campaign.cases.CaseRecord;
import org.springframework.stereotype.Component;

/**
 * Finds victim profiles in case records: encodes them, chooses k, clusters with Smile, and describes each cluster.
 * Pure computation: no store, no threads of its own. The same seed on the same cases (same order) gives the same outcome.
 */
@Component
public class VictimProfiler {

    /**
     * @throws IllegalArgumentException     with a clear message when there are no cases
     * @throws ProfilingCancelledException  when {@code progress.cancelled()} turned true
     */
    public ProfilingOutcome profile(List<CaseRecord> cases, ProfileParameters parameters, ProfilingProgress progress) {
        return new ProfilingEngine(cases, parameters, progress).run();
    }

    /**
     * Which profile of a finished run one person fits best; keys are feature names as in {@link CaseFeature}, values as
     * in cases (numbers as text: age in years, loss in yuan). Features not given are left out of the comparison.
     *
     * @throws IllegalArgumentException when a numeric attribute is not a number
     */
    public ProfileScore score(ProfileModel model, Map<CaseFeature, String> attributes) {
        return ProfileScorer.score(model, attributes);
    }
}
