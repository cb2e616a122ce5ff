package org.qiandai.campaign.pushes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.deliveries.DeliveryStatus;

/**
 * A push as the API shows it. {@code audience} is the latest resolution (the preview at creation, then each queued
 * occurrence's); {@code counts} are running counters of its deliveries by status (never counted on request);
 * {@code failures} counts the deliveries now in a failure status (FAILED, UNDELIVERED, EXPIRED, UNKNOWN, OPTED_OUT) by
 * the provider's code ({@code none} without one); {@code nextRunAt} is when the next occurrence will be queued (after
 * quiet hours), null when none is left.
 */
public record PushView(String id, String campaignId, String channel, String templateId, List<String> segmentIds,
                       Schedule schedule, PushStatus status, String statusReason, AudienceSummary audience,
                       Map<DeliveryStatus, Long> counts, Map<String, Long> failures, OffsetDateTime nextRunAt, int nextOccurrence,
                       int occurrencesQueued, Queuing queuing, String createdBy, OffsetDateTime createdAt,
                       List<Change> history) {

    /** The occurrence being (or last) queued: batches written so far, deliveries queued, whether it finished. */
    public record Queuing(int occurrence, int batches, long queued, boolean done) {
    }

    /** A status change with who and when. */
    public record Change(PushStatus status, String by, OffsetDateTime at, String reason) {
    }
}
