package org.qiandai.analytics.reach;

import java.time.Instant;

import org.qiandai.campaign.deliveries.DeliveryStatus;

/**
 * One countable thing that happened to a delivery: it was sent, delivered or failed ({@link Kind}), with where it
 * went. Live counting makes marks from {@code DeliveryStatusChanged} events; a rebuild makes the same marks from the
 * records' statuses and times, so that both count alike.
 */
record Mark(String deliveryId, String pushId, int occurrence, String campaignId, String channel, String district,
            String phoneHash, String segmentId, Kind kind, DeliveryStatus status, String errorCode, Instant at) {

    /** What a delivery did; a person gets at most one delivery per push occurrence (the audience drops repeated numbers). */
    enum Kind {
        SENT, DELIVERED, FAILED
    }

    /** The kinds a transition means. */
    static java.util.List<Kind> kinds(DeliveryStatus from, DeliveryStatus to) {
        java.util.List<Kind> kinds = new java.util.ArrayList<>(2);
        if (to == DeliveryStatus.SENT || ((to == DeliveryStatus.DELIVERED || to == DeliveryStatus.UNDELIVERED) && from != DeliveryStatus.SENT)) {
            kinds.add(Kind.SENT);
        }
        if (to == DeliveryStatus.DELIVERED) {
            kinds.add(Kind.DELIVERED);
        }
        if (to == DeliveryStatus.FAILED || to == DeliveryStatus.UNDELIVERED || to == DeliveryStatus.EXPIRED) {
            kinds.add(Kind.FAILED);
        }
        return kinds;
    }
}
