package org.qiandai.campaign.contacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The two secrets that protect phone numbers: the AES-256 key that encrypts them and the HMAC key that hashes them
 * for lookups. From {@code qiandai.crypto.key} (env {@code QIANDAI_CRYPTO_KEY}, base64 of 32 bytes) and
 * {@code qiandai.crypto.hmac-key} (env {@code QIANDAI_CRYPTO_HMAC_KEY}, base64 of at least 32 bytes; when absent it is
 * derived from the first as HMAC-SHA256(key, "qiandai/phone-hash/v1")). With no key configured, one is generated on
 * the first start and kept in {@code <qiandai.data-dir>/qiandai.key} (owner-only); an in-memory store gets a key that
 * lives as long as the process, since its data does too.
 */
record CryptoKeys(byte[] aesKey, byte[] hmacKey) {

    private static final Logger log = LoggerFactory.getLogger(CryptoKeys.class);
    static final String HMAC_LABEL = "qiandai/phone-hash/v1";
    static final String KEY_FILE = "qiandai.key";

    static CryptoKeys from(Environment environment) {
        byte[] key = configured(environment.getProperty("qiandai.crypto.key"), "qiandai.crypto.key", 32, 32);
        if (key == null) {
            if (environment.getProperty("qiandai.store.in-memory", Boolean.class, false)) {
                key = random();
                log.info("No qiandai.crypto.key configured: using a key for this process only (the store is in memory)");
            } else {
                key = fromFile(Path.of(environment.getProperty("qiandai.data-dir", "./data")).resolve(KEY_FILE));
            }
        }
        byte[] hmac = configured(environment.getProperty("qiandai.crypto.hmac-key"), "qiandai.crypto.hmac-key", 32, 64);
        return new CryptoKeys(key, hmac != null ? hmac : derive(key, HMAC_LABEL));
    }

    static CryptoKeys of(byte[] aesKey) {
        return new CryptoKeys(aesKey, derive(aesKey, HMAC_LABEL));
    }

    private static byte[] configured(String value, String name, int min, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64", e);
        }
        if (bytes.length < min || bytes.length > max) {
            throw new IllegalStateException(name + " must be base64 of " + (min == max ? min : min + "–" + max) + " bytes, not " + bytes.length);
        }
        return bytes;
    }

    private static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                String encoded = Base64.getEncoder().encodeToString(random());
                try {
                    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                    }
                    Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII);
                    log.warn("No qiandai.crypto.key configured: generated one and kept it in {} (owner-only). Back it up with the store; "
                            + "production should set QIANDAI_CRYPTO_KEY instead", file.toAbsolutePath());
                } catch (FileAlreadyExistsException raced) {
                    // another start created it first: read it below
                }
            }
            byte[] key = configured(Files.readString(file, StandardCharsets.US_ASCII), file.toString(), 32, 32);
            if (key == null) {
                throw new IllegalStateException(file + " is empty; restore the key from a backup or remove the file with the store");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    private static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] derive(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
