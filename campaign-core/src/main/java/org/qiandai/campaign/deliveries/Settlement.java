package org.qiandai.campaign.deliveries;

import java.time.Instant;

/**
 * What a channel did with a delivery it holds: {@code to} its outcome (SENT with the provider id, FAILED, UNKNOWN,
 * OPTED_OUT, CANCELLED, …), or QUEUED to release it (never attempted, or to be retried at {@code retryAt});
 * {@code attempts} how many sends were tried in all.
 */
public record Settlement(Delivery held, DeliveryStatus to, Outcome outcome, int attempts, Instant retryAt) {

    public static Settlement of(Delivery held, DeliveryStatus to, Outcome outcome, int attempts) {
        return new Settlement(held, to, outcome, attempts, null);
    }

    /** Back to QUEUED without an attempt (paused, cancelled elsewhere, quiet hours, the instance stopping). */
    public static Settlement release(Delivery held) {
        return new Settlement(held, DeliveryStatus.QUEUED, Outcome.NONE, held.attempts(), null);
    }
}
