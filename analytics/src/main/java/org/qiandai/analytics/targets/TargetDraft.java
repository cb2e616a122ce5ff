package org.qiandai.analytics.targets;

import java.util.Map;

/**
 * What a leader aims at: people reached (measured: distinct people with a warning delivered) and actions held
 * (offline activities and push occurrences), in all and per district; any figure may be left out.
 */
public record TargetDraft(Long peopleReached, Long actionsHeld, Map<String, Figures> districts) {

    public record Figures(Long peopleReached, Long actionsHeld) {
    }
}
