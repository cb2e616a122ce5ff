package org.qiandai.channels;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The latest outcome of a channel's sends, for health: when it last got a message through, and its last error (code and
 * message, with any run of seven or more digits masked, so that no phone number reaches a health answer).
 */
public final class ChannelStatus {

    private static final Pattern DIGITS = Pattern.compile("\\+?\\d[\\d -]{5,}\\d");

    private final Clock clock;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastErrorAt;
    private volatile String lastError;

    public ChannelStatus(Clock clock) {
        this.clock = clock;
    }

    public ChannelStatus() {
        this(Clock.systemUTC());
    }

    /** What one send answered: an accepted message is a success, anything else the last error. Answers the result. */
    public SendResult record(SendResult result) {
        if (result.kind() == SendResult.Kind.ACCEPTED) {
            success();
        } else {
            error(result.code() + (result.message() == null ? "" : ": " + result.message()));
        }
        return result;
    }

    public void success() {
        lastSuccessAt = clock.instant();
    }

    public void error(String error) {
        lastError = scrub(error);
        lastErrorAt = clock.instant();
    }

    public Snapshot snapshot() {
        return new Snapshot(lastSuccessAt, lastErrorAt, lastError);
    }

    /** Masks digit runs that could be a phone number; cuts at 300 characters. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String masked = DIGITS.matcher(text).replaceAll("***");
        return masked.length() > 300 ? masked.substring(0, 300) + "…" : masked;
    }

    /** The state at one moment; {@code null}s for what never happened. */
    public record Snapshot(Instant lastSuccessAt, Instant lastErrorAt, String lastError) {

        /** The last thing that happened was an error. */
        public boolean failing() {
            return lastErrorAt != null && (lastSuccessAt == null || lastErrorAt.isAfter(lastSuccessAt));
        }
    }
}
