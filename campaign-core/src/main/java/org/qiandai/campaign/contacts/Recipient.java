package org.qiandai.campaign.contacts;

/**
 * A contact as a push's audience needs it: never the phone number in clear.
 *
 * @param phoneHash      the keyed hash (HMAC) of the E.164 number: what the do-not-contact list and frequency caps key on
 * @param encryptedPhone the number encrypted (AES-GCM) as stored; only a channel decrypts it, at send time
 * @param validNumber    false once a channel or an admin marked the number unusable (landline, disconnected)
 */
public record Recipient(String contactId, String phoneHash, String encryptedPhone, String district, String language,
                        boolean validNumber) {
}
