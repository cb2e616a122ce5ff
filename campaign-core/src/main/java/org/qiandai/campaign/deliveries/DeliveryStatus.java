package org.qiandai.campaign.deliveries;

import java.util.EnumSet;
import java.util.Set;

/**
 * QUEUED → SENDING → SENT → DELIVERED, or FAILED / UNDELIVERED / EXPIRED / OPTED_OUT; UNKNOWN when a send's outcome
 * cannot be known; CANCELLED for what a cancelled push had not yet sent. Outcomes only move forward: each status names
 * the statuses it may follow, and a later status never goes back (a late "sent" after "delivered" is ignored). The one
 * way back is a channel's release of a claim it never attempted, or of a send that provably did not go out (a retry):
 * SENDING → QUEUED, through {@link Deliveries#settle}.
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
    /** Still QUEUED (or claimed and not yet attempted) when its push was cancelled: never sent. */
    CANCELLED,
    /**
     * The send's outcome is not known: the connection broke after the request was written, or the dispatcher holding
     * it stopped with the send in flight. Never re-sent automatically; a later callback, receipt or reconciliation may
     * still move it on. Counted as a send for frequency caps (it probably went out).
     */
    UNKNOWN,
    /** Not sent because the person opted out: on the do-not-contact list at send time, or the provider answered "unsubscribed". */
    OPTED_OUT;

    /** The statuses this one may follow. */
    public Set<DeliveryStatus> predecessors() {
        return switch (this) {
            case QUEUED -> EnumSet.noneOf(DeliveryStatus.class);
            case SENDING -> EnumSet.of(QUEUED);
            case CANCELLED -> EnumSet.of(QUEUED, SENDING);
            case UNKNOWN -> EnumSet.of(SENDING);
            case SENT -> EnumSet.of(QUEUED, SENDING, UNKNOWN);
            case DELIVERED, UNDELIVERED, FAILED, EXPIRED, OPTED_OUT -> EnumSet.of(QUEUED, SENDING, SENT, UNKNOWN);
        };
    }

    /** No transition leaves it. */
    public boolean isFinal() {
        return this != QUEUED && this != SENDING && this != SENT && this != UNKNOWN;
    }

    /** A status the failure lists show, with the provider's code. */
    public boolean isFailure() {
        return this == FAILED || this == UNDELIVERED || this == EXPIRED || this == UNKNOWN || this == OPTED_OUT;
    }

    /** Reaching this status from {@code from} means the message left us: the person's send log records it. */
    boolean meansSentComingFrom(DeliveryStatus from) {
        return switch (this) {
            case SENT, DELIVERED, UNDELIVERED -> from != SENT && from != UNKNOWN;
            case UNKNOWN -> true;
            default -> false;
        };
    }
}
