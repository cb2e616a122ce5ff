package org.qiandai.channels.settings;

/**
 * A change of channel settings refused, with nothing stored: no such channel, a value that is wrong (naming the
 * setting, {@code window} or {@code auth-token}, and never echoing a secret), or too many concurrent
 * changes.
 */
public class ChannelSettingsRejectedException extends RuntimeException {

    /** Why. */
    public enum Reason { NOT_FOUND, INVALID, CONFLICT }

    private final Reason reason;
    private final String field;

    public ChannelSettingsRejectedException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The setting that is wrong ({@code port}, {@code password}, {@code enabled}), or null. */
    public String field() {
        return field;
    }
}
