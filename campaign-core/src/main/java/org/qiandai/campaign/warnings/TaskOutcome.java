package org.qiandai.campaign.warnings;

import java.util.Arrays;
import java.util.Locale;

/** What an officer found on a call or visit. */
public enum TaskOutcome {
    /** Reached and dissuaded: the case closes DISSUADED. */
    DISSUADED,
    /** Reached but not convinced: the next step follows. */
    NOT_CONVINCED,
    /** Not reached: the next step follows. */
    UNREACHABLE,
    /** Reached, but the money was already transferred (with the amount): the case closes LOST. */
    TRANSFERRED,
    /** The number is not the person's: the next step follows. */
    WRONG_NUMBER;

    /** The person was reached (the first human contact). */
    boolean reached() {
        return this == DISSUADED || this == NOT_CONVINCED || this == TRANSFERRED;
    }

    /** An outcome by its name in any case; also {@code ALREADY_TRANSFERRED}, {@code REACHED_NOT_CONVINCED}. */
    public static TaskOutcome parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("outcome is required: one of " + Arrays.toString(values()));
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return switch (name) {
            case "ALREADY_TRANSFERRED", "MONEY_TRANSFERRED" -> TRANSFERRED;
            case "REACHED_NOT_CONVINCED" -> NOT_CONVINCED;
            case "REACHED_DISSUADED" -> DISSUADED;
            default -> Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("outcome '" + text.strip() + "' is not one of " + Arrays.toString(values())));
        };
    }
}
