package org.qiandai.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Secrets come from configuration (or the environment) and go nowhere else: not into the log while the application
 * starts and serves, not into any answer — actuator's environment and configuration endpoints are not exposed, and a
 * user's password never comes back, not even in a refusal.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + SecretsTests.ADMIN,
        "qiandai.crypto.key=" + SecretsTests.KEY, "qiandai.crypto.hmac-key=" + SecretsTests.HMAC,
        "qiandai.channels.twilio.enabled=true", "qiandai.channels.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
        "qiandai.channels.twilio.auth-token=" + SecretsTests.TOKEN, "qiandai.channels.twilio.from=+15005550006",
        "qiandai.channels.twilio.base-url=http://127.0.0.1:9", "qiandai.channels.dispatch.enabled=false",
        "qiandai.channels.partners.didi.url=http://127.0.0.1:9/warnings", "qiandai.channels.partners.didi.secret=" + SecretsTests.PARTNER,
        "qiandai.channels.partners.didi.enabled=false"})
@AutoConfigureMockMvc
class SecretsTests {

    static final String ADMIN = "admin-secret-Pa55word";
    static final String KEY = "c2VjcmV0LWtleS1zZWNyZXQta2V5LXNlY3JldC1rZXk=";
    static final String HMAC = "aG1hYy1zZWNyZXQtaG1hYy1zZWNyZXQtaG1hYy1zZWNyZXQ=";
    static final String TOKEN = "twilio-token-5ecret-0123456789abcd";
    static final String PARTNER = "whsec_cGFydG5lci1zZWNyZXQtcGFydG5lci1zZWNyZXQ=";

    @Autowired
    MockMvc mvc;

    @Test
    void secretsAreNeverLoggedNorEchoed(CapturedOutput output) throws Exception {
        List<String> answers = new java.util.ArrayList<>();
        for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/health", "/api/users", "/api/users/admin")) {
            answers.add(path + " " + mvc.perform(get(path).with(httpBasic("admin", ADMIN))).andReturn().getResponse().getContentAsString());
        }
        assertThat(mvc.perform(get("/actuator/env").with(httpBasic("admin", ADMIN))).andReturn().getResponse().getStatus()).isIn(403, 404);
        String refused = mvc.perform(post("/api/users").with(httpBasic("admin", ADMIN)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"x\",\"password\":\"Refused-But-Secret-1\",\"roles\":[]}")).andReturn().getResponse().getContentAsString();
        answers.add(refused);
        // a wrong password is not logged either
        mvc.perform(get("/api/users").with(httpBasic("admin", "Wrong-Secret-Guess-1")));

        assertThat(output.getAll()).as("the capture covers the start").contains("Started SecretsTests");
        for (String secret : List.of(ADMIN, KEY, HMAC, TOKEN, PARTNER, PARTNER.substring("whsec_".length()), "Refused-But-Secret-1", "Wrong-Secret-Guess-1")) {
            assertThat(output.getAll()).as("the log").doesNotContain(secret);
            assertThat(String.join("\n", answers)).as("the answers").doesNotContain(secret);
        }
    }
}
