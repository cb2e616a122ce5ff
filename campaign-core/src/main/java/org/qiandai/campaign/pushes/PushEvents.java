package org.qiandai.campaign.pushes;

import java.time.Instant;

/** What happened to pushes, published as application events (past tense). */
public final class PushEvents {

    private PushEvents() {
    }

    public record PushScheduled(String pushId, String campaignId, String by, Instant at) {
    }

    public record PushOccurrenceQueued(String pushId, String campaignId, int occurrence, AudienceSummary audience, Instant at) {
    }

    public record PushPaused(String pushId, String by, Instant at) {
    }

    public record PushResumed(String pushId, String by, Instant at) {
    }

    public record PushCancelled(String pushId, String by, String reason, long deliveriesCancelled, Instant at) {
    }

    public record PushCompleted(String pushId, Instant at) {
    }

    /**
     * Deliveries were queued on a standing push ({@link StandingPushes}) and should go out now: the dispatcher claims
     * them by id at once instead of waiting for its next poll.
     */
    public record UrgentDeliveriesQueued(String pushId, String channel, java.util.List<String> deliveryIds, Instant at) {
    }
}
