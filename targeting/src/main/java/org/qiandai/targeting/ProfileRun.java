package org.qiandai.targeting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.cases.CaseSelection;

/**
 * A profiling run as readers see it: what it works on, where it is ({@code progress} 0–1 and the engine's stage), and
 * once {@link ProfileRunStatus#DONE} its results. The assignments (every case's profile) are read separately.
 */
public record ProfileRun(String id, ProfileRunStatus status, double progress, String stage, CaseSelection filter,
                         ProfileParameters parameters, String createdBy, Instant createdAt, Instant startedAt,
                         Instant finishedAt, String error, Long caseCount, Integer k, KSelection kSelection,
                         Map<String, Double> quality, List<Profile> profiles, List<ScatterPoint> scatter) {

    /** The run without its results, for lists. */
    public ProfileRunSummary summary() {
        return new ProfileRunSummary(id, status, progress, stage, filter, parameters, createdBy, createdAt, startedAt, finishedAt,
                error, caseCount, k);
    }
}
