package org.qiandai.campaign.deliveries;

import java.util.EnumSet;
import java.util.Set;

/**
 * QUEUED → SENDING → SENT → DELIVERED, or FAILED / UNDELIVERED / EXPIRED; CANCELLED for what a cancelled push had not
 * yet sent. Transitions only move forward: each status names the statuses it may follow, and a later status never
 * goes back (a late "sent" after "delivered" is ignored).
 */
public enum DeliveryStatus {
    QUEUED,
    /** Claimed by a channel (lease owner and expiry set); the message may be on its way. */
    SENDING,
    /** Accepted by the provider; counted as a send for frequency caps. */
    SENT,
    DELIVERED,
    /** Could not be sent (permanent provider error, or retries used up). */
    FAILED,
    /** Sent, but the provider reports it never reached the handset. */
    UNDELIVERED,
    /** The provider (or the channel) gave up because its validity ran out. */
    EXPIRED,
    /** Still QUEUED when its push was cancelled: never sent. */
    CANCELLED;

    /** The statuses this one may follow. */
    public Set<DeliveryStatus> predecessors() {
        return switch (this) {
            case QUEUED -> EnumSet.noneOf(DeliveryStatus.class);
            case SENDING, CANCELLED -> EnumSet.of(QUEUED);
            case SENT -> EnumSet.of(QUEUED, SENDING);
            case DELIVERED, UNDELIVERED -> EnumSet.of(QUEUED, SENDING, SENT);
            case FAILED, EXPIRED -> EnumSet.of(QUEUED, SENDING, SENT);
        };
    }

    /** No transition leaves it. */
    public boolean isFinal() {
        return this != QUEUED && this != SENDING && this != SENT;
    }

    /** Reaching this status from {@code from} means the message left us: the person's send log records it. */
    boolean meansSentComingFrom(DeliveryStatus from) {
        return switch (this) {
            case SENT -> true;
            case DELIVERED, UNDELIVERED -> from != SENT;
            default -> false;
        };
    }
}
