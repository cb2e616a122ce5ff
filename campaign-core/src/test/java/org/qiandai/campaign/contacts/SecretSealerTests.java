package org.qiandai.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Channel secrets sealed with the phone numbers' key: round trip, bound to their purpose, never a phone number's ciphertext. */
class SecretSealerTests {

    private static final byte[] KEY = new byte[32];
    private final PhoneCrypto crypto = PhoneCrypto.withKey(KEY);
    private final SecretSealer sealer = new SecretSealer(crypto);

    @Test
    void roundTripsUnderThePhoneKeyForItsPurposeOnly() {
        String sealed = sealer.seal("twilio-auth-token-1", "channel-secret/sms-twilio/auth-token");
        assertThat(sealed).startsWith("s1:").doesNotContain("twilio-auth-token-1");
        assertThat(sealer.open(sealed, "channel-secret/sms-twilio/auth-token")).isEqualTo("twilio-auth-token-1");
        assertThat(SecretSealer.withKey(KEY).open(sealed, "channel-secret/sms-twilio/auth-token")).isEqualTo("twilio-auth-token-1");
        assertThatThrownBy(() -> sealer.open(sealed, "channel-secret/sms-smpp/password")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("integrity");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> SecretSealer.withKey(other).open(sealed, "channel-secret/sms-twilio/auth-token"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.open(crypto.encrypt("+8613812345678"), "channel-secret/sms-twilio/auth-token"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> crypto.decrypt(sealed)).isInstanceOf(IllegalArgumentException.class);
    }
}
