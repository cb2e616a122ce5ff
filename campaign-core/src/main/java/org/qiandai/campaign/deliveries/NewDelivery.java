package org.qiandai.campaign.deliveries;

/**
 * One outbox entry as a push queues it: {@code id} is {@code pushId:occurrence:contactId}, so that queuing the same
 * occurrence again creates nothing new. {@code text} is the warning as this recipient gets it (rendered at queue time).
 */
public record NewDelivery(String id, String pushId, int occurrence, String campaignId, String channel, String templateId,
                          String contactId, String phoneHash, String encryptedPhone, String language, String district,
                          String text) {

    public static String idOf(String pushId, int occurrence, String contactId) {
        return pushId + ":" + occurrence + ":" + contactId;
    }
}
