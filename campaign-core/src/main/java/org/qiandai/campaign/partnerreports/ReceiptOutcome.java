package org.qiandai.campaign.partnerreports;

/**
 * What a receipt did: {@code duplicate} when its webhook id had been received before (nothing changed); otherwise how
 * many figures were new ({@code added}), replaced earlier figures for the same key ({@code replaced}), or were left
 * out because a later report for their key was already stored ({@code superseded}).
 */
public record ReceiptOutcome(String webhookId, String pushId, boolean duplicate, int added, int replaced, int superseded) {

    static ReceiptOutcome duplicate(String webhookId, String pushId) {
        return new ReceiptOutcome(webhookId, pushId, true, 0, 0, 0);
    }
}
