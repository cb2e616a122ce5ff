package org.qiandai.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** AES-GCM round trip, a fresh IV every time, tampering detected, a keyed hash, and where keys come from. */
class PhoneCryptoTests {

    private static final byte[] KEY = new byte[32];
    private final PhoneCrypto crypto = PhoneCrypto.withKey(KEY);

    @Test
    void roundTripsWithADistinctIvEachTime() {
        Set<String> sealed = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String encrypted = crypto.encrypt("+8613812345678");
            assertThat(encrypted).startsWith("v1:").doesNotContain("13812345678");
            assertThat(crypto.decrypt(encrypted)).isEqualTo("+8613812345678");
            sealed.add(encrypted.substring(3, 19));
        }
        assertThat(sealed).as("IVs").hasSize(50);
    }

    @Test
    void detectsTamperingAndAnotherKey() {
        byte[] raw = Base64.getDecoder().decode(crypto.encrypt("+8613812345678").substring(3));
        raw[raw.length - 5] ^= 1;
        assertThatThrownBy(() -> crypto.decrypt("v1:" + Base64.getEncoder().encodeToString(raw))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("integrity");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> PhoneCrypto.withKey(other).decrypt(crypto.encrypt("+8613812345678"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashIsKeyedAndStable() {
        assertThat(crypto.hash("+8613812345678")).isEqualTo(crypto.hash("+8613812345678")).hasSize(43)
                .isNotEqualTo(crypto.hash("+8613812345679"));
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(PhoneCrypto.withKey(other).hash("+8613812345678")).isNotEqualTo(crypto.hash("+8613812345678"));
    }

    @Test
    void generatesAKeyFileOnceOwnerOnly(@TempDir Path dir) throws Exception {
        MockEnvironment env = new MockEnvironment().withProperty("qiandai.data-dir", dir.toString());
        String hash = new PhoneCrypto(env).hash("+8613812345678");
        Path file = dir.resolve("qiandai.key");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new PhoneCrypto(env).hash("+8613812345678")).as("same key on the next start").isEqualTo(hash);
    }

    @Test
    void configuredKeyWinsAndMustBe32Bytes(@TempDir Path dir) {
        MockEnvironment env = new MockEnvironment().withProperty("qiandai.data-dir", dir.toString())
                .withProperty("qiandai.crypto.key", Base64.getEncoder().encodeToString(KEY));
        assertThat(new PhoneCrypto(env).hash("+8613812345678")).isEqualTo(crypto.hash("+8613812345678"));
        assertThat(dir.resolve("qiandai.key")).doesNotExist();
        MockEnvironment shortKey = new MockEnvironment().withProperty("qiandai.crypto.key", Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> new PhoneCrypto(shortKey)).hasMessageContaining("32 bytes");
        MockEnvironment separate = new MockEnvironment().withProperty("qiandai.crypto.key", Base64.getEncoder().encodeToString(KEY))
                .withProperty("qiandai.crypto.hmac-key", Base64.getEncoder().encodeToString(new byte[48]));
        assertThat(new PhoneCrypto(separate).hash("+8613812345678")).isNotEqualTo(crypto.hash("+8613812345678"));
    }
}
