package org.qiandai.channels.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks signatures: the specification's published vector, the two secret forms, several signatures in
 * one header, and what must not verify.
 */
class WebhookSignerTests {

    // The vector of the Standard Webhooks reference libraries' tests (standard-webhooks/standard-webhooks,
    // libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks).
    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TIMESTAMP = 1614265330;
    static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsTestVector() {
        WebhookSigner signer = WebhookSigner.of(SPEC_SECRET);
        assertThat(signer.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE)).isTrue();
        assertThat(signer.keyLength()).isEqualTo(24);
    }

    @Test
    void aSecretWithoutThePrefixIsUsedAsItsBytes() throws Exception {
        String raw = "a-partner-secret-of-some-length";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(raw.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal("id-1.1700000000.{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSigner.of(raw).sign("id-1", 1700000000, "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        // the same characters after whsec_ would be base64: a different key
        assertThat(WebhookSigner.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isNotEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verifiesAnyOfSeveralSignaturesAndNothingElse() {
        WebhookSigner signer = WebhookSigner.of(SPEC_SECRET);
        String other = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, other + " v2,xyz " + SPEC_SIGNATURE)).isTrue();
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, other)).isFalse();
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE.replace("v1,", "v2,"))).isFalse();
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, "v1,not base64!")).isFalse();
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, "")).isFalse();
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY, SPEC_SIGNATURE)).isFalse();
        assertThat(signer.verify("msg_other", SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE)).isFalse();
        assertThat(signer.verify(SPEC_ID, SPEC_TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), SPEC_SIGNATURE)).isFalse();
        assertThat(WebhookSigner.of("whsec_" + Base64.getEncoder().encodeToString("another key".getBytes(StandardCharsets.UTF_8)))
                .verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE)).isFalse();
    }

    @Test
    void refusesEmptyOrBrokenSecretsAndNeverShowsOne() {
        assertThatThrownBy(() -> WebhookSigner.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> WebhookSigner.of("whsec_")).hasMessageContaining("empty");
        assertThatThrownBy(() -> WebhookSigner.of("whsec_not*base64")).hasMessageContaining("base64");
        assertThat(WebhookSigner.of(SPEC_SECRET).toString()).doesNotContain("MfKQ");
    }
}
