package org.qiandai.campaign.partnerreports;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A receipt set the figures for one partner, push, district and day (published once per figure applied; a figure that
 * an already stored later report supersedes publishes nothing). {@code previousImpressions}/{@code previousUniqueUsers}
 * are the figures it replaced (0 for a first report), so a running counter moves by the difference.
 */
public record PartnerReportReceived(String partner, String pushId, String campaignId, String district, LocalDate date,
                                    long impressions, long uniqueUsers, long previousImpressions, long previousUniqueUsers,
                                    String webhookId, Instant receivedAt) {
}
