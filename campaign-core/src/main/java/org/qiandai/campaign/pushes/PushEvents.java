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
}
