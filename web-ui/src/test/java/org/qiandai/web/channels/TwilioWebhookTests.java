package org.qiandai.web.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole Twilio loop over real HTTP: the application dispatches a push through the SDK to a stand-in Twilio server,
 * which posts signed status callbacks and inbound messages back to {@code /api/channels/twilio/status} and
 * {@code /inbound} on the running server. Duplicate and reordered callbacks change nothing more; forged ones (no
 * signature, a wrong one, one made for another URL) are refused with 403 and change nothing; 21610 and a STOP reply
 * put the number on the do-not-contact list.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "qiandai.channels.twilio.enabled=true", "qiandai.channels.twilio.account-sid=" + TwilioWebhookTests.SID,
        "qiandai.channels.twilio.auth-token=" + TwilioWebhookTests.TOKEN, "qiandai.channels.twilio.from=+15005550006",
        "qiandai.channels.twilio.rate=100", "qiandai.channels.dispatch.poll=50ms", "qiandai.channels.dispatch.flush=30ms"})
@Import(ChannelFixtures.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwilioWebhookTests {

    static final String SID = "AC00000000000000000000000000000002";
    static final String TOKEN = "webhook-test-auth-token";
    static final int PORT = ChannelFixtures.freePort();
    static TwilioStandIn twilio;

    @Autowired Pushes pushes;
    @Autowired PushScheduler scheduler;
    @Autowired PlannerFakes.Audience audience;
    @Autowired PlannerFakes.Campaigns campaigns;
    @Autowired PhoneCrypto crypto;
    @Autowired Deliveries deliveries;
    @Autowired DoNotContactList dnc;
    @Autowired InboundReplies replies;
    @Autowired MongoTemplate mongo;
    @Autowired ChannelFixtures.RunningClock clock;


    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) throws IOException {
        twilio = new TwilioStandIn(SID, TOKEN);
        registry.add("server.port", () -> PORT);
        registry.add("qiandai.public-base-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("qiandai.channels.twilio.base-url", twilio::baseUrl);
    }

    @AfterAll
    void close() {
        twilio.close();
    }

    @BeforeAll
    void clean() {
        ChannelFixtures.clean(mongo);
        clock.setLocal("2026-12-01T10:00:00");
    }

    private Delivery delivery(String push, int i) {
        return deliveries.get(push + ":0:" + String.format("ct-%05d", i)).orElseThrow();
    }

    @Test
    void callbacksMoveDeliveriesForwardOnlyAndForgedOnesChangeNothing() throws Exception {
        String push = ChannelFixtures.runningPush(pushes, scheduler, audience, campaigns, crypto, "sms-twilio", 4);
        ChannelFixtures.await("sent", Duration.ofSeconds(20), () -> pushes.get(push).orElseThrow().counts().get(DeliveryStatus.SENT) == 4);
        assertThat(twilio.problems).isEmpty();
        assertThat(twilio.received).allSatisfy(r -> assertThat(r.statusCallback()).isEqualTo("http://127.0.0.1:" + PORT + "/api/channels/twilio/status"));
        String sid0 = delivery(push, 0).providerId();
        String sid1 = delivery(push, 1).providerId();
        String sid2 = delivery(push, 2).providerId();

        assertThat(twilio.callback(sid0, "delivered", null)).isEqualTo(200);
        assertThat(delivery(push, 0).status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(twilio.callback(sid0, "delivered", null)).as("a duplicate").isEqualTo(200);
        assertThat(twilio.callback(sid0, "sent", null)).as("a late sent after delivered").isEqualTo(200);
        assertThat(delivery(push, 0).status()).isEqualTo(DeliveryStatus.DELIVERED);

        assertThat(twilio.callback(sid1, "undelivered", "30003")).isEqualTo(200);
        assertThat(twilio.callback(sid1, "delivered", null)).as("reordered: delivered after undelivered").isEqualTo(200);
        assertThat(delivery(push, 1)).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
            assertThat(d.errorCode()).isEqualTo("30003");
        });

        assertThat(twilio.callback(sid2, "failed", "21610")).isEqualTo(200);
        assertThat(delivery(push, 2).status()).isEqualTo(DeliveryStatus.OPTED_OUT);
        assertThat(dnc.containsHash(crypto.hash(ChannelFixtures.phone(2)))).isTrue();

        String sid3 = delivery(push, 3).providerId();
        String url = "http://127.0.0.1:" + PORT + "/api/channels/twilio/status";
        Map<String, String> forged = new LinkedHashMap<>(Map.of("MessageSid", sid3, "MessageStatus", "delivered", "AccountSid", SID));
        assertThat(twilio.post(url, forged, null)).as("no signature").isEqualTo(403);
        assertThat(twilio.post(url, forged, "bm90IGEgc2lnbmF0dXJl")).as("a wrong signature").isEqualTo(403);
        assertThat(twilio.post(url, forged, twilio.sign("https://elsewhere.example/api/channels/twilio/status", forged)))
                .as("signed for another URL").isEqualTo(403);
        Map<String, String> tampered = new LinkedHashMap<>(forged);
        String signature = twilio.sign(url, forged);
        tampered.put("MessageStatus", "failed");
        assertThat(twilio.post(url, tampered, signature)).as("a signed form changed afterwards").isEqualTo(403);
        assertThat(delivery(push, 3).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(twilio.post(url, forged, signature)).as("the same form, truly signed").isEqualTo(200);
        assertThat(delivery(push, 3).status()).isEqualTo(DeliveryStatus.DELIVERED);

        var counts = pushes.get(push).orElseThrow().counts();
        assertThat(counts).containsEntry(DeliveryStatus.DELIVERED, 2L).containsEntry(DeliveryStatus.UNDELIVERED, 1L)
                .containsEntry(DeliveryStatus.OPTED_OUT, 1L).containsEntry(DeliveryStatus.SENT, 0L);
    }

    @Test
    void aStopReplyOptsOutAndAForgedOneDoesNot() throws Exception {
        String url = "http://127.0.0.1:" + PORT + "/api/channels/twilio/inbound";
        assertThat(twilio.inbound(url, "+8613900000001", "+15005550006", "STOP")).isEqualTo(200);
        assertThat(twilio.inbound(url, "+8613900000002", "+15005550006", "退订")).isEqualTo(200);
        assertThat(twilio.inbound(url, "+8613900000003", "+15005550006", "谢谢提醒")).isEqualTo(200);
        assertThat(twilio.post(url, Map.of("From", "+8613900000004", "Body", "TD", "MessageSid", "SMforged"), "c2lnbmF0dXJl")).isEqualTo(403);
        assertThat(dnc.containsHash(crypto.hash("+8613900000001"))).isTrue();
        assertThat(dnc.containsHash(crypto.hash("+8613900000002"))).isTrue();
        assertThat(dnc.containsHash(crypto.hash("+8613900000003"))).isFalse();
        assertThat(dnc.containsHash(crypto.hash("+8613900000004"))).isFalse();
        List<InboundReplies.Reply> latest = replies.latest("sms-twilio", 10);
        assertThat(latest).extracting(InboundReplies.Reply::phoneMasked).contains("139****0001", "139****0002", "139****0003");
        assertThat(latest).filteredOn(r -> r.phoneMasked().equals("139****0002")).singleElement()
                .extracting(InboundReplies.Reply::optOutWord).isEqualTo("退订");
    }
}
