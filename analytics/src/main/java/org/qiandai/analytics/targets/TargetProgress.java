package org.qiandai.analytics.targets;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A target with how far it is met: for the whole scope and each district named, the target, the figure so far and its
 * share of the target; {@code elapsed} is the share of the period passed, so a share below it is behind the pace.
 */
public record TargetProgress(String id, String scope, Integer year, String campaignId, String campaignName, LocalDate from, LocalDate to,
                             double elapsed, Measure peopleReached, Measure actionsHeld, List<District> districts, String setBy,
                             Instant setAt) {

    /** {@code target} null when none was set; {@code share} = actual / target. */
    public record Measure(Long target, long actual, Double share) {

        static Measure of(Long target, long actual) {
            return new Measure(target, actual, target == null || target == 0 ? null : actual / (double) target);
        }
    }

    public record District(String district, Measure peopleReached, Measure actionsHeld) {
    }
}
