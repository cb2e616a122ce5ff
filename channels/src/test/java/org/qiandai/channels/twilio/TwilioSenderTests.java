package org.qiandai.channels.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiandai.channels.ChannelFixtures.await;
import static org.qiandai.channels.ChannelFixtures.phone;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.ChannelStoreTests;
import org.qiandai.channels.OutboundMessage;
import org.qiandai.channels.SendResult;
import org.qiandai.channels.dispatch.DispatchSettings;
import org.qiandai.channels.dispatch.Dispatcher;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Twilio sender through the real SDK against a stand-in Twilio server on 127.0.0.1 that checks every request:
 * the form fields, Basic auth, the StatusCallback, one request per send whatever the answer (the SDK's own retries
 * are off), each provider code classified, a 429 storm ridden out with back-off, and reconciliation of deliveries
 * whose callback never came.
 */
class TwilioSenderTests extends ChannelStoreTests {

    static final String SID = "AC00000000000000000000000000000001";
    static final String TOKEN = "twilio-test-auth-token";

    @Autowired TwilioWebhooks webhooks;

    TwilioStandIn twilio;
    TwilioSender sender;
    Dispatcher dispatcher;

    @BeforeEach
    void start() throws IOException {
        twilio = new TwilioStandIn(SID, TOKEN);
        sender = new TwilioSender(settings(twilio.baseUrl(), "+15005550006", null, 50, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws IOException {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        sender.destroy();
        twilio.close();
    }

    static TwilioSettings settings(String baseUrl, String from, String service, double rate, Duration readTimeout) {
        return new TwilioSettings(true, SID, TOKEN, from, service, baseUrl, rate, 4, Duration.ofSeconds(2), readTimeout,
                Duration.ofMinutes(30), Duration.ofMinutes(5), "https://qiandai.example.cn/");
    }

    private SendResult send(String to) {
        return sender.send(new OutboundMessage("push-1:0:ct-1", "push-1", to, "【包头公安】警惕养老投资骗局，疑似诈骗请拨打96110。", 1));
    }

    @Test
    void theSdksRequestIsWhatTwilioExpects() throws IOException {
        SendResult result = send("+8613800000001");
        assertThat(result.kind()).isEqualTo(SendResult.Kind.ACCEPTED);
        assertThat(result.providerId()).matches("SM[0-9a-f]{32}");
        assertThat(twilio.problems).isEmpty();
        TwilioStandIn.Received r = twilio.received.get(0);
        assertThat(r.to()).isEqualTo("+8613800000001");
        assertThat(r.from()).isEqualTo("+15005550006");
        assertThat(r.messagingServiceSid()).isNull();
        assertThat(r.body()).isEqualTo("【包头公安】警惕养老投资骗局，疑似诈骗请拨打96110。");
        assertThat(r.statusCallback()).isEqualTo("https://qiandai.example.cn/api/channels/twilio/status");

        sender.destroy();
        sender = new TwilioSender(settings(twilio.baseUrl(), "+15005550006", "MG00000000000000000000000000000001", 50, Duration.ofSeconds(2)));
        assertThat(send("+8613800000002").kind()).isEqualTo(SendResult.Kind.ACCEPTED);
        assertThat(twilio.received.get(1).messagingServiceSid()).isEqualTo("MG00000000000000000000000000000001");
        assertThat(twilio.received.get(1).from()).isNull();
        assertThat(twilio.problems).isEmpty();
    }

    @Test
    void everyAnswerIsClassifiedAndNothingIsSentTwiceByTheSdk() throws IOException {
        Map<String, TwilioStandIn.Reply> replies = Map.of(
                "+8613800000001", TwilioStandIn.Reply.error(400, 21211, "The 'To' number is not a valid phone number."),
                "+8613800000002", TwilioStandIn.Reply.error(400, 21614, "'To' number is not a valid mobile number"),
                "+8613800000003", TwilioStandIn.Reply.error(400, 21610, "Attempt to send to unsubscribed recipient"),
                "+8613800000004", TwilioStandIn.Reply.error(429, 20429, "Too Many Requests"),
                "+8613800000005", TwilioStandIn.Reply.error(503, 20503, "Service Unavailable"),
                "+8613800000006", TwilioStandIn.Reply.error(400, 30001, "Queue overflow"),
                "+8613800000007", TwilioStandIn.Reply.drop(),
                "+8613800000008", TwilioStandIn.Reply.slow(3000));
        twilio.reply = r -> replies.getOrDefault(r.to(), TwilioStandIn.Reply.accept());
        assertThat(send("+8613800000001")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.PERMANENT, "21211");
        assertThat(send("+8613800000002")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.PERMANENT, "21614");
        assertThat(send("+8613800000003")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.OPTED_OUT, "21610");
        assertThat(send("+8613800000004")).satisfies(r -> {
            assertThat(r.kind()).isEqualTo(SendResult.Kind.RETRY);
            assertThat(r.throttled()).isTrue();
            assertThat(r.code()).isEqualTo("20429");
        });
        assertThat(send("+8613800000005")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.RETRY, "20503");
        assertThat(send("+8613800000006")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.RETRY, "30001");
        assertThat(send("+8613800000007")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.UNKNOWN, "UNKNOWN_OUTCOME");
        assertThat(send("+8613800000008")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.UNKNOWN, "UNKNOWN_OUTCOME");
        // one request each: neither the SDK nor its HTTP client tried again on its own
        Map<String, Long> perNumber = twilio.received.stream().collect(Collectors.groupingBy(TwilioStandIn.Received::to, Collectors.counting()));
        assertThat(perNumber).hasSize(8).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
        assertThat(twilio.problems).isEmpty();

        sender.destroy();
        sender = new TwilioSender(settings("http://127.0.0.1:" + ChannelFixtures.freePort(), "+15005550006", null, 50, Duration.ofSeconds(2)));
        assertThat(send("+8613800000009")).extracting(SendResult::kind, SendResult::code).containsExactly(SendResult.Kind.RETRY, "CONNECT_FAILED");
    }


    private Dispatcher dispatch(TwilioSender s) {
        Dispatcher d = Dispatcher.create(List.of(s), deliveries, mongo, states, rules, crypto, dnc, durability, clock,
                new DispatchSettings(true, 20, Duration.ofSeconds(30), Duration.ofMillis(50), 3, Duration.ofMillis(300), Duration.ofSeconds(2),
                        true, Duration.ofMillis(30)));
        d.start();
        return d;
    }

    @Test
    void aStormOf429sIsRiddenOutWithBackOffAndEveryMessageGoesOutOnce() throws Exception {
        String push = runningPush(TwilioSender.CHANNEL, 20);
        AtomicInteger requests = new AtomicInteger();
        twilio.reply = r -> requests.incrementAndGet() <= 8 ? TwilioStandIn.Reply.error(429, 20429, "Too Many Requests") : TwilioStandIn.Reply.accept();
        dispatcher = dispatch(sender);
        await("all sent", Duration.ofSeconds(30), () -> pushes.get(push).orElseThrow().counts().get(DeliveryStatus.SENT) == 20);
        Map<String, Long> accepted = twilio.received.stream().skip(8)
                .collect(Collectors.groupingBy(TwilioStandIn.Received::to, Collectors.counting()));
        assertThat(accepted).hasSize(20).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
        assertThat(twilio.received).hasSize(28);
        // the storm slowed the channel: the 8 refused requests took longer than 8 at 50/s would
        long stormNanos = twilio.received.get(8).nanos() - twilio.received.get(0).nanos();
        assertThat(stormNanos).isGreaterThan(Duration.ofMillis(500).toNanos());
        assertThat(twilio.problems).isEmpty();
        Delivery d = deliveries.get(push + ":0:ct-00000").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.attempts()).isBetween(1, 3);
    }

    @Test
    void deliveriesLeftInSentAreReconciledWithTwilio() throws Exception {
        String push = runningPush(TwilioSender.CHANNEL, 3);
        dispatcher = dispatch(sender);
        await("all sent", Duration.ofSeconds(10), () -> pushes.get(push).orElseThrow().counts().get(DeliveryStatus.SENT) == 3);
        List<Delivery> sent = deliveries.ofPush(push, List.of(DeliveryStatus.SENT), null, 10);
        twilio.setStatus(sent.get(0).providerId(), "delivered");
        twilio.setStatus(sent.get(1).providerId(), "undelivered");
        TwilioReconciler reconciler = new TwilioReconciler(sender, webhooks, deliveries, states, clock);
        assertThat(reconciler.reconcile()).as("nothing is older than reconcile-after yet").isZero();
        clock.setLocal("2026-12-01T10:31:00");
        assertThat(reconciler.reconcile()).isEqualTo(2);
        assertThat(deliveries.get(sent.get(0).id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(deliveries.get(sent.get(1).id()).orElseThrow().status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(deliveries.get(sent.get(2).id()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(twilio.problems).isEmpty();
        assertThat(phone(0)).isNotNull();
    }
}
