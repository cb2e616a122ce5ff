package org.qiandai.campaign.contacts;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

/**
 * Encrypts other secrets at rest (channel credentials: a Twilio auth token, an SMPP password, a partner's webhook
 * secret) with the AES-256-GCM key that encrypts phone numbers ({@code qiandai.crypto.key}), written
 * {@code s1:<base64 IV‖ciphertext‖tag>}. Each value is sealed for a {@code purpose} (e.g.
 * {@code channel-secret/sms-twilio/auth-token}), authenticated with it: it opens only for the same purpose, so a
 * sealed value copied into another field or channel, or a phone number's ciphertext, is refused.
 */
@Component
public class SecretSealer {

    private static final String PREFIX = "s1:";

    private final AesGcm aes;

    SecretSealer(PhoneCrypto crypto) {
        this.aes = crypto.aes();
    }

    /** For tests and tools: sealing with the key given. */
    public static SecretSealer withKey(byte[] aesKey) {
        return new SecretSealer(PhoneCrypto.withKey(aesKey));
    }

    public String seal(String plain, String purpose) {
        return aes.seal(PREFIX, plain.getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the value was changed, sealed with another key or for another purpose */
    public String open(String sealed, String purpose) {
        return new String(aes.open(PREFIX, sealed, purpose.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
