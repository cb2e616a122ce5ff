package org.qiandai.campaign.partnerreports;

import java.time.Instant;

/**
 * A receipt as kept: the raw {@code body} as received, when it was sent ({@code webhook-timestamp}) and received, and
 * what its figures did ({@code status} APPLIED once they all were).
 */
public record StoredReceipt(String partner, String webhookId, String pushId, String campaignId, Instant sentAt, Instant receivedAt,
                            String body, String status, int added, int replaced, int superseded) {
}
