package org.qiandai.campaign.deliveries;

import java.time.Instant;
import java.util.Map;

/**
 * A delivery record as stored. {@code leaseOwner}/{@code leaseUntil} belong to the channel that claimed it;
 * {@code at} holds when each status was reached.
 */
public record Delivery(String id, String pushId, int occurrence, String campaignId, String channel, String templateId,
                       String contactId, String phoneHash, String encryptedPhone, String language, String district,
                       String text, DeliveryStatus status, int attempts, String providerId, String errorCode,
                       String errorMessage, String leaseOwner, Instant leaseUntil, Map<DeliveryStatus, Instant> at) {
}
