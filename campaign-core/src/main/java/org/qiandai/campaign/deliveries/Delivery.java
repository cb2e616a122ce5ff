package org.qiandai.campaign.deliveries;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A delivery record as stored. {@code leaseOwner}/{@code leaseUntil} belong to the channel that claimed it;
 * {@code at} holds when each status was reached.
 */
public record Delivery(String id, String pushId, int occurrence, String campaignId, String channel, String templateId,
                       String contactId, String phoneHash, String encryptedPhone, String language, String district,
                       String text, DeliveryStatus status, int attempts, String providerId, String errorCode,
                       String errorMessage, String leaseOwner, Instant leaseUntil, Map<DeliveryStatus, Instant> at) {

    /** This record as a claim leaves it: SENDING, held by the claim's owner. */
    Delivery heldBy(Claim claim, Instant now) {
        Map<DeliveryStatus, Instant> times = new EnumMap<>(DeliveryStatus.class);
        times.putAll(at);
        times.put(DeliveryStatus.SENDING, now);
        return new Delivery(id, pushId, occurrence, campaignId, channel, templateId, contactId, phoneHash, encryptedPhone, language,
                district, text, DeliveryStatus.SENDING, attempts, providerId, errorCode, errorMessage, claim.owner(), claim.leaseUntil(), times);
    }

    /** This record after a change to {@code to} (with {@code errorCode} when the change gave one). */
    Delivery now(DeliveryStatus to, String newErrorCode, Instant now) {
        Map<DeliveryStatus, Instant> times = new EnumMap<>(DeliveryStatus.class);
        times.putAll(at);
        if (to != DeliveryStatus.QUEUED) {
            times.put(to, now);
        }
        return new Delivery(id, pushId, occurrence, campaignId, channel, templateId, contactId, phoneHash, encryptedPhone, language,
                district, text, to, attempts, providerId, newErrorCode != null ? newErrorCode : errorCode, errorMessage,
                to == DeliveryStatus.SENDING ? leaseOwner : null, to == DeliveryStatus.SENDING ? leaseUntil : null, times);
    }
}
