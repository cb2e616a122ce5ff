package org.qiandai.campaign.contacts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encrypts phone numbers at rest (AES-256-GCM, a random 12-byte IV per value, stored as {@code v1:<base64 IV‖ciphertext‖tag>};
 * {@link SecretSealer} seals channel secrets under the same key)
 * and hashes them for lookups (HMAC-SHA256, base64url without padding: the contact's id and the do-not-contact key).
 * Channels decrypt {@link Recipient#encryptedPhone()} here at send time.
 */
@Component
public class PhoneCrypto {

    private static final String PREFIX = "v1:";

    private final AesGcm aes;
    private final SecretKeySpec hmacKey;

    @org.springframework.beans.factory.annotation.Autowired
    PhoneCrypto(Environment environment) {
        this(CryptoKeys.from(environment));
    }

    PhoneCrypto(CryptoKeys keys) {
        this.aes = new AesGcm(keys.aesKey());
        this.hmacKey = new SecretKeySpec(keys.hmacKey(), "HmacSHA256");
    }

    /** For tests and tools: keys as given. */
    public static PhoneCrypto withKey(byte[] aesKey) {
        return new PhoneCrypto(CryptoKeys.of(aesKey));
    }

    /** The cipher under the key, for {@link SecretSealer}: one key protects phone numbers and channel secrets. */
    AesGcm aes() {
        return aes;
    }

    public String encrypt(String plain) {
        return aes.seal(PREFIX, plain.getBytes(StandardCharsets.UTF_8), null);
    }

    /** @throws IllegalArgumentException when the value was changed or sealed with another key */
    public String decrypt(String encrypted) {
        return new String(aes.open(PREFIX, encrypted, null), StandardCharsets.UTF_8);
    }

    /** The keyed hash of an E.164 number. */
    public String hash(String e164) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(e164.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash", e);
        }
    }
}
