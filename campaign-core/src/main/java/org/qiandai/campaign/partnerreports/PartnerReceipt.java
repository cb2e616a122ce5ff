package org.qiandai.campaign.partnerreports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One signed receipt a partner sent, as read from its JSON (the channels module checks the signature and the JSON's
 * shape): {@code webhookId} and {@code sentAt} come from its {@code webhook-id} and {@code webhook-timestamp} headers,
 * {@code body} is the raw request body, kept as received.
 */
public record PartnerReceipt(String partner, String webhookId, Instant sentAt, String pushId, List<Line> reports, String body) {

    /** One figure: how many impressions and unique users the partner counted in a district on a (local) day. */
    public record Line(String district, long impressions, long uniqueUsers, LocalDate date) {
    }
}
