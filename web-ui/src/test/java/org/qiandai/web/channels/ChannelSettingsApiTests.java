package org.qiandai.web.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qiandai.campaign.audit.AuditEntry;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.dispatch.Dispatcher;
import org.qiandai.channels.partners.WebhookSigner;
import org.qiandai.channels.settings.ChannelSettings;
import org.qiandai.channels.standin.TwilioStandIn;
import org.qiandai.channels.twilio.TwilioSender;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The channel settings API and page through the real filter chain, with the real dispatcher sending to the stand-in
 * Twilio server on 127.0.0.1: administrators only; secrets never in an answer, a page, the audit trail or the log;
 * refusals naming the setting with nothing stored; and a saved switch and rate taken up by the running dispatcher.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + ChannelSettingsApiTests.PASSWORD,
        "qiandai.channels.twilio.enabled=true", "qiandai.channels.twilio.account-sid=" + ChannelSettingsApiTests.SID,
        "qiandai.channels.twilio.auth-token=" + ChannelSettingsApiTests.TOKEN, "qiandai.channels.twilio.from=+15005550006",
        "qiandai.channels.twilio.rate=1", "qiandai.channels.dispatch.poll=200ms", "qiandai.channels.dispatch.flush=30ms",
        "qiandai.public-base-url=http://127.0.0.1:9",
        "qiandai.channels.partners.didi.url=http://127.0.0.1:9/didi", "qiandai.channels.partners.didi.secret=" + ChannelSettingsApiTests.DIDI_SECRET,
        "qiandai.channels.partners.didi.enabled=false", "qiandai.channels.partners.didi.kind=ride-hailing"})
@AutoConfigureMockMvc
@Import(ChannelFixtures.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ChannelSettingsApiTests {

    static final String PASSWORD = "a-long-password";
    static final String SID = "AC00000000000000000000000000000005";
    static final String TOKEN = "settings-test-auth-token-4410";
    static final String DIDI_SECRET = "didi-configured-secret-0000000000000";
    static final String NEW_DIDI_SECRET = "didi-new-secret-from-the-page-88888888";
    static final String SMPP_PASSWORD = "smpp-pw-5521";
    static TwilioStandIn twilio;

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired AuditLog audit;
    @Autowired MongoTemplate mongo;
    @Autowired Dispatcher dispatcher;
    @Autowired TwilioSender sender;
    @Autowired Pushes pushes;
    @Autowired PushScheduler scheduler;
    @Autowired PlannerFakes.Audience audience;
    @Autowired PlannerFakes.Campaigns campaigns;
    @Autowired PhoneCrypto crypto;
    @Autowired ChannelFixtures.RunningClock clock;

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) throws IOException {
        twilio = new TwilioStandIn(SID, TOKEN);
        registry.add("qiandai.channels.twilio.base-url", twilio::baseUrl);
    }

    @AfterAll
    void close() {
        twilio.close();
    }

    @BeforeAll
    void users() {
        accounts.create("publicity", PASSWORD, EnumSet.of(Role.PUBLICITY));
        accounts.create("leader", PASSWORD, EnumSet.of(Role.LEADER));
    }

    private String call(String user, MockHttpServletRequestBuilder request, int expected) throws Exception {
        return mvc.perform(request.with(httpBasic(user, PASSWORD))).andExpect(status().is(expected))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String putSettings(String channel, String json, int expected) throws Exception {
        return call("admin", put("/api/channels/settings/" + channel).contentType(MediaType.APPLICATION_JSON).content(json), expected);
    }

    @Test
    void onlyAdministratorsReachTheSettings() throws Exception {
        mvc.perform(get("/api/channels/settings")).andExpect(status().isUnauthorized());
        for (String who : List.of("publicity", "leader")) {
            call(who, get("/api/channels/settings"), 403);
            call(who, get("/api/channels/settings/sms-twilio"), 403);
            call(who, put("/api/channels/settings/sms-twilio").contentType(MediaType.APPLICATION_JSON).content("{\"rate\": 5}"), 403);
            call(who, delete("/api/channels/settings/sms-twilio"), 403);
            call(who, get("/channels/settings"), 403);
        }
        mvc.perform(post("/channels/settings/sms-twilio").param("rate", "5").with(user("publicity").roles("PUBLICITY")).with(csrf()))
                .andExpect(status().isForbidden());
        String list = call("admin", get("/api/channels/settings"), 200);
        assertThat(JsonPath.<List<String>>read(list, "$[*].channel")).containsExactly("sms-twilio", "sms-smpp", "didi");
        assertThat(call("admin", get("/channels/settings"), 200)).contains("id=\"channel-sms-twilio\"").contains("id=\"channel-didi\"");
    }

    @Test
    void secretsAreNeverAnsweredShownAuditedOrLogged(CapturedOutput output) throws Exception {
        List<String> answers = new ArrayList<>();
        answers.add(call("admin", get("/api/channels/settings/sms-twilio"), 200));
        assertThat(JsonPath.<String>read(answers.get(0), "$.secrets.auth-token")).isEqualTo("set");
        assertThat(JsonPath.<String>read(answers.get(0), "$.sources.auth-token")).isEqualTo("configuration");

        answers.add(putSettings("sms-twilio", "{\"auth-token\": \"" + TOKEN + "\"}", 200)); // the same token, now stored
        answers.add(putSettings("didi", "{\"secret\": \"" + NEW_DIDI_SECRET + "\", \"url\": \"https://didi.example/hooks\"}", 200));
        answers.add(putSettings("sms-smpp", "{\"secrets\": {\"password\": \"" + SMPP_PASSWORD + "\"}, \"settings\": {\"systemId\": \"qiandai\"}}", 200));
        assertThat(JsonPath.<String>read(answers.get(3), "$.secrets.password")).isEqualTo("set");
        assertThat(JsonPath.<String>read(answers.get(3), "$.settings.system-id")).isEqualTo("qiandai");
        assertThat(JsonPath.<String>read(answers.get(2), "$.sources.secret")).isEqualTo("stored");
        answers.add(call("admin", get("/api/channels/settings"), 200));
        answers.add(call("admin", get("/api/channels/settings/didi"), 200));
        answers.add(call("admin", get("/channels/settings"), 200));
        answers.add(call("admin", get("/channels/settings?lang=en"), 200));
        List<AuditEntry> entries = audit.latest(50).stream().filter(e -> e.action().startsWith("channel.settings")).toList();
        assertThat(entries).extracting(AuditEntry::objectId).contains("sms-twilio", "didi", "sms-smpp");
        assertThat(entries).allSatisfy(e -> assertThat(e.actor()).isEqualTo("admin"));
        assertThat(entries.stream().filter(e -> e.objectId().equals("didi")).findFirst().orElseThrow().details())
                .contains("secret set").contains("url");
        entries.forEach(e -> answers.add(e.toString()));
        String stored = String.join("\n", mongo.getCollection("channel_settings").find().map(Document::toJson).into(new ArrayList<>()));
        assertThat(stored).contains("s1:");
        answers.add(stored);
        answers.add(output.getAll());
        for (String secret : List.of(TOKEN, DIDI_SECRET, NEW_DIDI_SECRET, SMPP_PASSWORD)) {
            assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(secret));
        }
        assertThat(call("admin", get("/api/channels/settings/didi"), 200)).contains("\"url\":\"https://didi.example/hooks\"");

        // the partner's receipts are checked with the new secret at once: the configured one no longer signs
        assertThat(receipt(DIDI_SECRET, "msg_old_secret")).isEqualTo(401);
        assertThat(receipt(NEW_DIDI_SECRET, "msg_new_secret")).isNotEqualTo(401);

        // a GET answer sent back as it is changes nothing: its read-only fields are skipped, "set" keeps the secret
        putSettings("didi", call("admin", get("/api/channels/settings/didi"), 200), 200);
        assertThat(receipt(NEW_DIDI_SECRET, "msg_after_round_trip")).isNotEqualTo(401);
    }

    /** The status a receipt for an unknown push signed with {@code secret} is answered with. */
    private int receipt(String secret, String id) throws Exception {
        byte[] body = "{\"pushId\": \"no-such-push\", \"reports\": []}".getBytes(StandardCharsets.UTF_8);
        long now = java.time.Instant.now().getEpochSecond();
        return mvc.perform(post("/api/channels/partners/didi/receipts").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", WebhookSigner.of(secret).sign(id, now, body))).andReturn().getResponse().getStatus();
    }

    @Test
    void thePageSavesInPlaceWithHtmxAndByPostRedirectGetWithout() throws Exception {
        String card = mvc.perform(post("/channels/settings/sms-smpp").param("window", "20").param("password", SMPP_PASSWORD)
                        .header("HX-Request", "true").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(card.strip()).startsWith("<section").contains("id=\"channel-sms-smpp\"").contains("已保存并生效").doesNotContain("<html")
                .doesNotContain(SMPP_PASSWORD);
        assertThat(JsonPath.<Integer>read(call("admin", get("/api/channels/settings/sms-smpp"), 200), "$.settings.window")).isEqualTo(20);

        mvc.perform(post("/channels/settings/sms-smpp").param("window", "many").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/channels/settings"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("outcomeProblem", org.hamcrest.Matchers.startsWith("window: ")));
        mvc.perform(post("/channels/settings/sms-smpp").param("window", "20").with(user("admin").roles("ADMIN")))
                .andExpect(status().isForbidden()); // no CSRF token
    }

    @Test
    void badValuesAreRefusedNamingTheFieldWithNothingChanged() throws Exception {
        String before = call("admin", get("/api/channels/settings/sms-twilio"), 200);
        assertRefused("sms-twilio", "{\"rate\": 0}", "rate", "more than 0");
        assertRefused("sms-twilio", "{\"rate\": -3}", "rate", "more than 0");
        assertRefused("sms-twilio", "{\"rate\": \"fast\"}", "rate", "not a rate");
        assertRefused("sms-twilio", "{\"base-url\": \"ftp://relay.example\"}", "base-url", "https://");
        assertRefused("sms-twilio", "{\"baseUrl\": \"not a url\"}", "base-url", "");
        assertRefused("sms-twilio", "{\"window\": 1000}", "window", "1–100");
        assertRefused("sms-twilio", "{\"colour\": \"red\"}", "colour", "is not a setting of sms-twilio");
        assertRefused("sms-twilio", "{\"rate\": [1, 2]}", "rate", "must be a string");
        assertRefused("sms-twilio", "{\"from\": \"12345\"}", "from", "E.164");
        assertRefused("didi", "{\"url\": \"gopher://didi.example\"}", "url", "https://");
        assertRefused("sms-smpp", "{\"port\": 70000}", "port", "1–65535");
        assertRefused("sms-smpp", "{\"enabled\": true}", "host", "required while");
        String badJson = putSettings("sms-twilio", "{\"rate\": ", 400);
        assertThat(JsonPath.<String>read(badJson, "$.message")).contains("JSON");
        String unknown = putSettings("sms-whatsapp", "{\"rate\": 5}", 404);
        assertThat(JsonPath.<String>read(unknown, "$.message")).contains("sms-whatsapp").contains("sms-twilio");
        call("admin", get("/api/channels/settings/sms-whatsapp"), 404);
        assertThat(JsonPath.<Object>read(call("admin", get("/api/channels/settings/sms-twilio"), 200), "$.settings"))
                .isEqualTo(JsonPath.<Object>read(before, "$.settings"));
    }

    private void assertRefused(String channel, String json, String field, String problem) throws Exception {
        String body = putSettings(channel, json, 400);
        assertThat(JsonPath.<String>read(body, "$.field")).isEqualTo(field);
        assertThat(JsonPath.<String>read(body, "$.message")).startsWith(field + ": ").contains(problem);
    }

    @Test
    void aSavedSwitchAndRateReachTheRunningDispatcher() throws Exception {
        clock.setLocal("2026-12-01T10:00:00");
        String push = ChannelFixtures.runningPush(pushes, scheduler, audience, campaigns, crypto, "sms-twilio", 20);
        ChannelFixtures.await("the first messages at 1/s", Duration.ofSeconds(20), () -> received(push) >= 2);

        String off = putSettings("sms-twilio", "{\"enabled\": false}", 200);
        assertThat(JsonPath.<Boolean>read(off, "$.enabled")).isFalse();
        assertThat(dispatcher.channels()).doesNotContain("sms-twilio");
        long whenOff = received(push);
        Thread.sleep(2_000);
        assertThat(received(push)).as("nothing is sent while the channel is off").isEqualTo(whenOff);
        assertThat(whenOff).as("the rate of 1/s held").isLessThan(15);

        long start = System.nanoTime();
        String on = putSettings("sms-twilio", "{\"enabled\": true, \"rate\": 200}", 200);
        assertThat(JsonPath.<Double>read(on, "$.settings.rate")).isEqualTo(200.0);
        assertThat(sender.rate()).isEqualTo(200.0);
        ChannelFixtures.await("the rest at the new rate", Duration.ofSeconds(30), () -> received(push) == 20);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("%d messages at 1/s would take %d s", 20 - whenOff, 20 - whenOff).isLessThan((20 - whenOff) * 0.6);
        synchronized (twilio.received) {
            assertThat(twilio.received.stream().map(TwilioStandIn.Received::to).distinct().count()).as("no one twice").isEqualTo(twilio.received.size());
        }
        List<AuditEntry> changes = audit.about(ChannelSettings.AUDIT_OBJECT, "sms-twilio", 20);
        assertThat(changes).extracting(AuditEntry::details).anySatisfy(d -> assertThat(d).contains("enabled").contains("rate"));
    }

    private long received(String push) {
        return twilio.received.size();
    }
}
