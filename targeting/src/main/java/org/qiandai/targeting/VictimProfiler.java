package org.qiandai.targeting;

import java.util.List;
import java.util.Map;

import org.qiandai.campaign.cases.CaseRecord;
import org.springframework.stereotype.Component;

/**
 * Finds victim profiles in case records: encodes them, chooses k, clusters with Smile, and describes each cluster.
 * Pure computation: no store, no threads of its own. STUB: being implemented.
 */
@Component
public class VictimProfiler {

    /**
     * @throws IllegalArgumentException     with a clear message when there are no cases
     * @throws ProfilingCancelledException  when {@code progress.cancelled()} turned true
     */
    public ProfilingOutcome profile(List<CaseRecord> cases, ProfileParameters parameters, ProfilingProgress progress) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Which profile of a finished run one person fits best; keys are feature names as in {@link CaseFeature}, values as in cases. */
    public ProfileScore score(ProfileModel model, Map<CaseFeature, String> attributes) {
        throw new UnsupportedOperationException("not yet");
    }
}
