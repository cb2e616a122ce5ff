package org.qiandai.analytics.reach;

import java.util.Locale;
import java.util.Optional;

/** What a reach counter document is broken down by; {@code code} is its part of the document's {@code _id}. */
public enum Dim {
    /** One group, {@code *}: the whole scope (the day, week and month breakdowns and the headline figures read it). */
    TOTAL("t"),
    CHANNEL("ch"),
    DISTRICT("d"),
    /** The target segment a recipient was queued from. */
    SEGMENT("s"),
    /** The victim profile a segment was saved from ({@code runId#profileIndex}). */
    PROFILE("p");

    final String code;

    Dim(String code) {
        this.code = code;
    }

    /** {@code channel}, {@code district}, {@code segment}, {@code profile} (any case). */
    public static Optional<Dim> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "channel" -> Optional.of(CHANNEL);
            case "district" -> Optional.of(DISTRICT);
            case "segment" -> Optional.of(SEGMENT);
            case "profile" -> Optional.of(PROFILE);
            default -> Optional.empty();
        };
    }
}
