package org.qiandai.channels;

/**
 * What a provider answered to one send. {@code code} is the provider's own (Twilio's error code, an SMPP command
 * status) or one of ours in capitals ({@code CONNECT_FAILED}, {@code UNKNOWN_OUTCOME}); {@code throttled} says the
 * provider asked us to slow down (HTTP 429, ESME_RTHROTTLED), which also slows the whole channel.
 */
public record SendResult(Kind kind, String providerId, String code, String message, boolean throttled) {

    public enum Kind {
        /** The provider took the message: {@code providerId} identifies it in callbacks and receipts. */
        ACCEPTED,
        /** Not taken, and it did not go out: may be tried again later (timeouts before sending, 5xx, 429, "try later"). */
        RETRY,
        /** Not taken and never will be (invalid number, landline, message refused). */
        PERMANENT,
        /** Not taken because the person unsubscribed: the number goes on the do-not-contact list. */
        OPTED_OUT,
        /** The request left us but no answer came back (connection broken after writing, response timed out). */
        UNKNOWN
    }

    public static SendResult accepted(String providerId) {
        return new SendResult(Kind.ACCEPTED, providerId, null, null, false);
    }

    public static SendResult retry(String code, String message) {
        return new SendResult(Kind.RETRY, null, code, message, false);
    }

    public static SendResult throttled(String code, String message) {
        return new SendResult(Kind.RETRY, null, code, message, true);
    }

    public static SendResult permanent(String code, String message) {
        return new SendResult(Kind.PERMANENT, null, code, message, false);
    }

    public static SendResult optedOut(String code, String message) {
        return new SendResult(Kind.OPTED_OUT, null, code, message, false);
    }

    public static SendResult unknown(String code, String message) {
        return new SendResult(Kind.UNKNOWN, null, code, message, false);
    }
}
