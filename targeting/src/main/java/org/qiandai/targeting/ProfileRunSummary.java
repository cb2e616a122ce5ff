package org.qiandai.targeting;

import java.time.Instant;

import org.qiandai.campaign.cases.CaseSelection;

/** A profiling run without its results (profiles, scatter, k selection), as run lists show it. */
public record ProfileRunSummary(String id, ProfileRunStatus status, double progress, String stage, CaseSelection filter,
                                ProfileParameters parameters, String createdBy, Instant createdAt, Instant startedAt,
                                Instant finishedAt, String error, Long caseCount, Integer k) {
}
