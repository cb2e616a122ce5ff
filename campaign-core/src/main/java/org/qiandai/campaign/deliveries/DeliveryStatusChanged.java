package org.qiandai.campaign.deliveries;

import java.time.Instant;

/** A transition was applied (published once per applied transition, never for an ignored one). */
public record DeliveryStatusChanged(String deliveryId, String pushId, String campaignId, String channel, String district,
                                    String phoneHash, DeliveryStatus from, DeliveryStatus to, Instant at) {
}
