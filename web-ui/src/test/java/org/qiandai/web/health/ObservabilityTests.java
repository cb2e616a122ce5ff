package org.qiandai.web.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health, metrics and logs over real HTTP: Twilio is a stand-in that works, the SMPP gateway and a partner's webhook
 * point at a closed port. Health shows every channel's status to anyone and the details (bound, last error, masked)
 * to ADMIN only; {@code /actuator/prometheus} is for ADMIN and carries the {@code qiandai_*} metrics; and everything
 * the application logs while it imports cases and contacts, pushes, takes callbacks and refuses forged ones holds no
 * phone number and none of a case's personal fields.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + ObservabilityTests.PASSWORD, "qiandai.metrics.refresh=0s",
        "qiandai.channels.twilio.enabled=true", "qiandai.channels.twilio.account-sid=" + ObservabilityTests.SID,
        "qiandai.channels.twilio.auth-token=" + ObservabilityTests.TOKEN, "qiandai.channels.twilio.from=+15005550006",
        "qiandai.channels.twilio.rate=100", "qiandai.channels.dispatch.poll=50ms", "qiandai.channels.dispatch.flush=30ms",
        "qiandai.channels.smpp.enabled=true", "qiandai.channels.smpp.host=127.0.0.1", "qiandai.channels.smpp.system-id=qd",
        "qiandai.channels.smpp.password=pw", "qiandai.channels.smpp.source-address=96110", "qiandai.channels.smpp.rebind-delay=1s",
        "qiandai.channels.partners.didi.kind=ride-hailing", "qiandai.channels.partners.didi.secret=a-partner-secret-of-enough-bytes",
        "qiandai.channels.partner-dispatch.poll=100ms", "qiandai.frequency-cap.default=50/1d"})
@Import(ChannelFixtures.class)
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTests {

    static final String PASSWORD = "a-long-password";
    static final String SID = "AC00000000000000000000000000000009";
    static final String TOKEN = "observability-test-auth-token";
    static final int PORT = ChannelFixtures.freePort();
    static final int CLOSED = ChannelFixtures.freePort();
    /** A mainland mobile in any of the forms a log line could hold it: +86…, 86…, or the bare 11 digits. */
    static final Pattern PHONE = Pattern.compile("(?<!\\d)(\\+?86)?1[3-9]\\d{9}(?!\\d)");
    static TwilioStandIn twilio;

    @Autowired Pushes pushes;
    @Autowired PushScheduler scheduler;
    @Autowired PlannerFakes.Audience audience;
    @Autowired PlannerFakes.Campaigns campaigns;
    @Autowired PhoneCrypto crypto;
    @Autowired Deliveries deliveries;
    @Autowired MongoTemplate mongo;
    @Autowired UserAccounts accounts;
    @Autowired ChannelFixtures.RunningClock clock;

    private final HttpClient http = HttpClient.newHttpClient();


    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        twilio = new TwilioStandIn(SID, TOKEN);
        registry.add("server.port", () -> PORT);
        registry.add("qiandai.public-base-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("qiandai.channels.twilio.base-url", twilio::baseUrl);
        registry.add("qiandai.channels.smpp.port", () -> CLOSED);
        registry.add("qiandai.channels.partners.didi.url", () -> "http://127.0.0.1:" + CLOSED + "/hook");
    }

    @BeforeAll
    void setUp() {
        ChannelFixtures.clean(mongo);
        clock.setLocal("2026-12-01T10:00:00");
        for (Role role : EnumSet.of(Role.ANALYST, Role.PUBLICITY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
    }

    @AfterAll
    void close() {
        twilio.close();
    }

    @Test
    void importPushAndCallbacksLogNoPhoneNumberAndNoPersonalField(CapturedOutput output) throws Exception {
        String cases = "案件编号,报案日期,所属辖区,受害人年龄,性别,职业,诈骗类型,损失金额,备注\n"
                + "OBS-1,2026-11-02,东河区,67,女,离退休人员,虚假养老投资,88000,受害人手机13912345678 在保健品讲座被骗 独居老人张某某\n"
                + "OBS-2,2099-01-01,东河区,200,女,学生,刷单返利,1,未来的案件 电话 13987654321\n";
        assertThat(upload("/api/cases/import", "analyst", "cases.csv", cases).statusCode()).isEqualTo(200);
        String contacts = "手机号,辖区,年龄\n13711112222,东河区,66\n+86 137-3333-4444,青山区,30\n1371111,昆都仑区,20\n";
        assertThat(upload("/api/contacts/import", "publicity", "contacts.csv", contacts).statusCode()).isEqualTo(200);

        String push = ChannelFixtures.runningPush(pushes, scheduler, audience, campaigns, crypto, "sms-twilio", 3);
        ChannelFixtures.await("sent", Duration.ofSeconds(20), () -> pushes.get(push).orElseThrow().counts().get(DeliveryStatus.SENT) == 3);
        String sid = deliveries.get(push + ":0:ct-00000").orElseThrow().providerId();
        assertThat(twilio.callback(sid, "delivered", null)).isEqualTo(200);
        String url = "http://127.0.0.1:" + PORT + "/api/channels/twilio/status";
        Map<String, String> forged = new LinkedHashMap<>(Map.of("MessageSid", sid, "MessageStatus", "failed", "AccountSid", SID,
                "To", ChannelFixtures.phone(0)));
        assertThat(twilio.post(url, forged, null)).isEqualTo(403);
        assertThat(twilio.post(url, forged, "bm90IGEgc2lnbmF0dXJl")).isEqualTo(403);
        Map<String, String> reply = new LinkedHashMap<>(Map.of("From", ChannelFixtures.phone(2), "Body", "STOP", "MessageSid", "SM" + "1".repeat(32),
                "AccountSid", SID));
        String inbound = "http://127.0.0.1:" + PORT + "/api/channels/twilio/inbound";
        assertThat(twilio.post(inbound, reply, twilio.sign(inbound, reply))).isEqualTo(200);

        String logged = output.getAll();
        Matcher phone = PHONE.matcher(logged);
        assertThat(phone.find()).as("a phone number in the log: %s", phone.find(0) ? around(logged, phone.start()) : "").isFalse();
        assertThat(logged).doesNotContain("13912345678", "13711112222", "1373333", "张某某", "保健品讲座被骗", "88000");
        for (int i = 0; i < 3; i++) {
            assertThat(logged).doesNotContain(ChannelFixtures.phone(i).substring(3));
        }
    }

    @Test
    void healthShowsEveryChannelToAnyoneAndTheDetailsToAdminOnly() throws Exception {
        ChannelFixtures.await("the SMPP bind failed", Duration.ofSeconds(10), () -> {
            try {
                return get("/actuator/health", "admin").body().contains("BIND_FAILED");
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> open = get("/actuator/health", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("\"store\":{\"status\":\"UP\"}").contains("\"sms-twilio\":{\"status\":\"UP\"}")
                .contains("\"sms-smpp\":{\"status\":\"DEGRADED\"}").contains("\"didi\"").contains("\"status\":\"DEGRADED\"")
                .doesNotContain("BIND_FAILED", "lastError", "enabled");

        HttpResponse<String> admin = get("/actuator/health", "admin");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"bound\":false").contains("BIND_FAILED").contains("\"enabled\":true")
                .contains("\"database\"");
        assertThat(get("/actuator/health", "publicity").body()).doesNotContain("BIND_FAILED");
    }

    @Test
    void prometheusIsForAdminOnlyAndCarriesTheQiandaiMetrics() throws Exception {
        String push = ChannelFixtures.runningPush(pushes, scheduler, audience, campaigns, crypto, "sms-twilio", 2);
        ChannelFixtures.await("sent", Duration.ofSeconds(20), () -> pushes.get(push).orElseThrow().counts().get(DeliveryStatus.SENT) == 2);
        String url = "http://127.0.0.1:" + PORT + "/api/channels/twilio/status";
        assertThat(twilio.post(url, new LinkedHashMap<>(Map.of("MessageSid", "SM" + "0".repeat(32), "MessageStatus", "delivered")), null)).isEqualTo(403);
        HttpRequest receipt = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/channels/partners/didi/receipts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(http.send(receipt, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "publicity").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus", "analyst").statusCode()).isEqualTo(403);
        HttpResponse<String> metrics = get("/actuator/prometheus", "admin");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("qiandai_deliveries\\{channel=\"sms-twilio\",status=\"SENT\"} [1-9]")
                .contains("qiandai_deliveries{channel=\"sms-smpp\",status=\"QUEUED\"}")
                .contains("qiandai_deliveries{channel=\"didi\",status=\"FAILED\"}")
                .containsPattern("qiandai_delivery_transitions_total\\{channel=\"sms-twilio\",status=\"SENT\"} [1-9]")
                .containsPattern("qiandai_callback_rejections_total\\{channel=\"sms-twilio\",reason=\"missing-signature\"} [1-9]")
                .containsPattern("qiandai_callback_rejections_total\\{channel=\"didi\",reason=\"unauthorized\"} 1")
                .contains("qiandai_dispatch_lag_seconds{channel=\"sms-twilio\"}")
                .contains("qiandai_imports{status=\"DONE\"}")
                .contains("qiandai_profile_runs{status=\"DONE\"}");
    }

    private HttpResponse<String> get(String path, String user) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String path, String user, String fileName, String content) throws IOException, InterruptedException {
        String boundary = "----qiandai" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).header("Authorization", basic(user))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 60));
    }
}
