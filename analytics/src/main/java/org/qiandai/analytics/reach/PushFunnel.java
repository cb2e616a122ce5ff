package org.qiandai.analytics.reach;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A push's delivery funnel: {@code queued} (records written) → {@code sent} (left us) → {@code delivered}; beside it
 * {@code failed} (never sent, or refused), {@code undelivered} (sent, not received), {@code expired}, {@code cancelled}
 * (its push was cancelled first), {@code waiting} (queued or being sent now), {@code awaitingReceipt} (sent, no
 * receipt yet), {@code optedOut} (people who opted out — answered STOP or unsubscribed at the provider — after this
 * push was the last to reach them), {@code excluded} (left out of its audiences, by reason, summed over its
 * occurrences) and the failure codes with how often each came.
 */
public record PushFunnel(String pushId, String campaignId, String channel, String status, OffsetDateTime createdAt, int occurrences,
                         long queued, long sent, long delivered, long failed, long undelivered, long expired, long cancelled, long waiting,
                         long awaitingReceipt, long optedOut, Map<String, Long> excluded, long excludedTotal, List<FailureCode> failureCodes) {

    public record FailureCode(String code, long count) {
    }
}
