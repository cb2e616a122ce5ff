package org.qiandai.campaign.partnerreports;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The current figures for one partner, push, district and day: those of the latest receipt that reported them
 * ({@code webhookId}, sent at {@code sentAt}). Reported reach, never to be mixed with measured reach.
 */
public record PartnerReport(String partner, String pushId, String campaignId, String district, LocalDate date, long impressions,
                            long uniqueUsers, String webhookId, Instant sentAt, Instant receivedAt) {
}
