package org.qiandai.campaign.contacts;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 12-byte IV per value, written {@code <prefix><base64 IV‖ciphertext‖tag>}; optional
 * associated data binds a value to where it belongs (it opens only with the same). What {@link PhoneCrypto} and
 * {@link SecretSealer} share.
 */
final class AesGcm {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    AesGcm(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    String seal(String prefix, byte[] plain, byte[] associated) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            if (associated != null) {
                cipher.updateAAD(associated);
            }
            byte[] sealed = cipher.doFinal(plain);
            return prefix + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /** @throws IllegalArgumentException when the value is not one of ours, was changed, or was sealed with another key or associated data */
    byte[] open(String prefix, String sealed, byte[] associated) {
        if (sealed == null || !sealed.startsWith(prefix)) {
            throw new IllegalArgumentException("not an encrypted value");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(prefix.length()));
            if (all.length < IV_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("encrypted value is too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            if (associated != null) {
                cipher.updateAAD(associated);
            }
            return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("encrypted value fails its integrity check (changed, or sealed with another key)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt", e);
        }
    }
}
