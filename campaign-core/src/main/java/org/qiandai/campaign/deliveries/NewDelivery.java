package org.qiandai.campaign.deliveries;

/**
 * One outbox entry as a push queues it: {@code id} is {@code pushId:occurrence:contactId}, so that queuing the same
 * occurrence again creates nothing new. {@code text} is the warning as this recipient gets it (rendered at queue time).
 * {@code segmentId} is the target segment the recipient was taken from (the first of the push's segments the person
 * appears in), for analytics' breakdown by target group; null for a partner broadcast.
 */
public record NewDelivery(String id, String pushId, int occurrence, String campaignId, String channel, String templateId,
                          String contactId, String phoneHash, String encryptedPhone, String language, String district,
                          String text, String segmentId) {

    /** An entry without a segment (a partner broadcast, or a caller that does not know it). */
    public NewDelivery(String id, String pushId, int occurrence, String campaignId, String channel, String templateId,
                       String contactId, String phoneHash, String encryptedPhone, String language, String district, String text) {
        this(id, pushId, occurrence, campaignId, channel, templateId, contactId, phoneHash, encryptedPhone, language, district, text, null);
    }

    public static String idOf(String pushId, int occurrence, String contactId) {
        return pushId + ":" + occurrence + ":" + contactId;
    }
}
