package org.qiandai.channels.partners;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures with one partner's secret: {@code v1,<base64 of HMAC-SHA256 over "id.timestamp.body">},
 * the timestamp in Unix seconds and the body as its exact bytes. A secret written {@code whsec_<base64>} (as Standard
 * Webhooks issues them) is the base64-decoded bytes; any other secret is used as its UTF-8 bytes, as written. Its
 * {@code toString} never shows the secret.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /** @throws IllegalArgumentException for an empty secret, or a {@code whsec_} secret that is not base64 */
    public static WebhookSigner of(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        if (secret.startsWith(SECRET_PREFIX)) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a secret written whsec_… must be base64 after the prefix"); // never a character of it
            }
            if (key.length == 0) {
                throw new IllegalArgumentException("the secret after whsec_ is empty");
            }
            return new WebhookSigner(key);
        }
        return new WebhookSigner(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** How many bytes the key has (Standard Webhooks asks for 24 to 64). */
    int keyLength() {
        return key.getEncoded().length;
    }

    /** The {@code webhook-signature} header value for this message. */
    public String sign(String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
    }

    /**
     * Whether {@code header} (one or more space-separated {@code version,signature} pairs) holds a {@code v1} signature
     * of this message; compared in constant time.
     */
    public boolean verify(String id, long timestamp, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = mac(id, timestamp, body);
        boolean ok = false;
        for (String part : header.trim().split(" +")) {
            int comma = part.indexOf(',');
            if (comma < 0 || !part.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(part.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            ok |= MessageDigest.isEqual(expected, given);
        }
        return ok;
    }

    private byte[] mac(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[secret not shown]";
    }
}
