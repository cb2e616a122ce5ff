package org.qiandai.campaign.deliveries;

import java.time.Instant;
import java.util.Map;

/**
 * What analytics counts of a delivery record: where it went (campaign, push, channel, district, the person's phone
 * hash, the segment it was queued from), its status, the failure code, and when each status was reached. Never the
 * phone number or the text.
 */
public record DeliveryFacts(String id, String pushId, int occurrence, String campaignId, String channel, String district,
                            String phoneHash, String segmentId, DeliveryStatus status, String errorCode,
                            Map<DeliveryStatus, Instant> at) {
}
