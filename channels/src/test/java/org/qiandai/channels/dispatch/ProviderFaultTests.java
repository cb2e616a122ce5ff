package org.qiandai.channels.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiandai.channels.ChannelFixtures.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PushRequest;
import org.qiandai.channels.ChannelStoreTests;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.smpp.SmppSender;
import org.qiandai.channels.smpp.SmppSettings;
import org.qiandai.channels.standin.SmppStandIn;
import org.qiandai.channels.standin.TwilioStandIn;
import org.qiandai.channels.twilio.TwilioSender;
import org.qiandai.channels.twilio.TwilioSettings;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A provider failing for a while under the real dispatcher: Twilio (the {@link TwilioStandIn} through the SDK)
 * answers, in turn, 500, 429, slowly but in time, too slowly (past the read timeout) and not at all (the connection
 * drops), for {@link #FAULT}; then it recovers. Meanwhile a push on the SMPP gateway stand-in keeps flowing. Checked:
 * nothing is SENT that Twilio did not take (each SENT delivery's message sid is one Twilio answered for that number),
 * nothing DELIVERED that the gateway did not receipt, a FAILED delivery was never taken, a delivery whose send got no
 * answer is UNKNOWN and never sent again, no delivery was attempted more than {@code max-attempts} times (counted at
 * the stand-in per number), every delivery ends in a final status, and the SMPP push finished during the fault.
 */
class ProviderFaultTests extends ChannelStoreTests {

    static final String SID = "AC00000000000000000000000000fault";
    static final String TOKEN = "fault-test-token";
    static final int MAX_ATTEMPTS = 5;
    static final Duration FAULT = Duration.ofSeconds(8);
    static final Duration READ_TIMEOUT = Duration.ofMillis(1000);

    @Autowired InboundReplies replies;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private Dispatcher dispatcher;

    @AfterEach
    void stop() throws Exception {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aFailingProviderMarksNothingItDidNotTakeRetriesWithinTheLimitAndTheOtherChannelFlows() throws Exception {
        TwilioStandIn twilio = new TwilioStandIn(SID, TOKEN);
        closing.add(twilio);
        SmppStandIn gateway = new SmppStandIn("qiandai", "secret");
        closing.add(gateway);
        AtomicBoolean faulty = new AtomicBoolean(true);
        AtomicInteger turn = new AtomicInteger();
        Map<String, Integer> requestsPerNumber = new ConcurrentHashMap<>();
        Set<String> unanswered = ConcurrentHashMap.newKeySet(); // numbers whose request got no answer in time
        twilio.reply = r -> {
            requestsPerNumber.merge(r.to(), 1, Integer::sum);
            if (!faulty.get()) {
                return TwilioStandIn.Reply.accept();
            }
            return switch (turn.getAndIncrement() % 5) {
                case 0 -> TwilioStandIn.Reply.error(500, 20500, "Internal Server Error");
                case 1 -> TwilioStandIn.Reply.error(429, 20429, "Too Many Requests");
                case 2 -> TwilioStandIn.Reply.slow(READ_TIMEOUT.toMillis() / 2);
                case 3 -> {
                    unanswered.add(r.to());
                    yield TwilioStandIn.Reply.slow(READ_TIMEOUT.toMillis() * 2);
                }
                default -> {
                    unanswered.add(r.to());
                    yield TwilioStandIn.Reply.drop();
                }
            };
        };
        TwilioSender twilioSender = new TwilioSender(new TwilioSettings(true, SID, TOKEN, "+15005550006", null, twilio.baseUrl(), 20, 4,
                Duration.ofSeconds(2), READ_TIMEOUT, Duration.ofMinutes(30), Duration.ofMinutes(5), "http://127.0.0.1:9"));
        closing.add(twilioSender::destroy);
        SmppSender smppSender = new SmppSender(new SmppSettings(true, "127.0.0.1", gateway.port(), "qiandai", "secret", "", "106900000096110", 40, 8,
                Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(30)), deliveries, durability, replies);
        closing.add(smppSender::destroy);
        await("bound", Duration.ofSeconds(10), smppSender::bound);

        String twilioPush = push(TwilioSender.CHANNEL, 60, 0);
        String smppPush = push(SmppSender.CHANNEL, 120, 1000);
        dispatcher = Dispatcher.create(List.of(twilioSender, smppSender), deliveries, mongo, states, rules, crypto, dnc, durability, clock,
                new DispatchSettings(true, 20, Duration.ofSeconds(30), Duration.ofMillis(50), MAX_ATTEMPTS, Duration.ofMillis(500),
                        Duration.ofSeconds(4), true, Duration.ofMillis(30)));
        long started = System.nanoTime();
        dispatcher.start();
        await("the SMPP push done", FAULT.plusSeconds(20), () -> settled(smppPush) && receipted(smppPush));
        long smppDoneNanos = System.nanoTime() - started;
        long left = FAULT.toNanos() - (System.nanoTime() - started);
        if (left > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
        }
        faulty.set(false);
        await("the Twilio push done", Duration.ofSeconds(40), () -> settled(twilioPush));

        assertThat(smppDoneNanos).as("the SMPP push finished while Twilio was failing").isLessThan(FAULT.toNanos());
        List<Delivery> viaSmpp = all(smppPush);
        assertThat(viaSmpp).hasSize(120).allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED));
        Map<String, List<String>> submitted = gateway.submits.stream().filter(s -> s.part() <= 1)
                .collect(Collectors.groupingBy(SmppStandIn.Submit::destination, Collectors.mapping(SmppStandIn.Submit::messageId, Collectors.toList())));
        for (Delivery d : viaSmpp) {
            String number = crypto.decrypt(d.encryptedPhone()).substring(1);
            assertThat(submitted.get(number)).as("%s delivered: the gateway took it once", d.id()).hasSize(1);
        }

        List<Delivery> viaTwilio = all(twilioPush);
        assertThat(viaTwilio).hasSize(60);
        Map<DeliveryStatus, Long> byStatus = viaTwilio.stream().collect(Collectors.groupingBy(Delivery::status, Collectors.counting()));
        assertThat(byStatus.keySet()).as("final statuses only: %s", byStatus)
                .allMatch(s -> s == DeliveryStatus.SENT || s == DeliveryStatus.FAILED || s == DeliveryStatus.UNKNOWN);
        System.out.printf("Twilio push after %d s of faults: %s; %d requests at the stand-in; SMPP push of 120 delivered after %.1f s%n",
                FAULT.toSeconds(), byStatus, twilio.requestCount(), smppDoneNanos / 1e9);
        assertThat(byStatus.getOrDefault(DeliveryStatus.SENT, 0L)).as("some went out after the fault").isPositive();
        assertThat(byStatus.getOrDefault(DeliveryStatus.FAILED, 0L) + byStatus.getOrDefault(DeliveryStatus.UNKNOWN, 0L))
                .as("and the fault left its marks").isPositive();
        for (Delivery d : viaTwilio) {
            String to = crypto.decrypt(d.encryptedPhone());
            int requests = requestsPerNumber.getOrDefault(to, 0);
            assertThat(d.attempts()).as("%s attempts", d.id()).isBetween(1, MAX_ATTEMPTS).isEqualTo(requests);
            switch (d.status()) {
                case SENT -> {
                    TwilioStandIn.Received taken = twilio.message(d.providerId());
                    assertThat(taken).as("%s SENT: Twilio took message %s", d.id(), d.providerId()).isNotNull();
                    assertThat(taken.to()).isEqualTo(to);
                    assertThat(unanswered).as("%s: a send that got no answer is never sent again", d.id()).doesNotContain(to);
                }
                case FAILED -> {
                    assertThat(d.attempts()).as("%s FAILED after every attempt the limit allows", d.id()).isEqualTo(MAX_ATTEMPTS);
                    assertThat(d.errorCode()).isIn("20500", "20429");
                    assertThat(twilio.received.stream().filter(r -> r.to().equals(to)).map(r -> twilio.message(r.sid())))
                            .as("%s FAILED: Twilio never took it", d.id()).allMatch(m -> m == null);
                }
                case UNKNOWN -> assertThat(unanswered).as("%s UNKNOWN: its last send got no answer", d.id()).contains(to);
                default -> throw new AssertionError(d.id() + " ended " + d.status());
            }
        }
        assertThat(twilio.problems).isEmpty();
    }

    /** A RUNNING push on {@code channel} to {@code n} people numbered from {@code first}, queued by the real scheduler. */
    private String push(String channel, int n, int first) {
        String campaign = "camp-" + channel + "-" + System.nanoTime();
        campaigns.put(campaign, CampaignStatus.APPROVED, List.of(), List.of());
        List<Recipient> people = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            String e164 = String.format("+86139%08d", i);
            people.add(new Recipient(String.format("ct-%05d", i), crypto.hash(e164), crypto.encrypt(e164), "东河区", "zh-CN", true));
        }
        String segment = "seg-" + campaign;
        audience.segments.put(segment, people);
        String id = pushes.create(campaign, new PushRequest(channel, "tpl-sms", List.of(segment), null), "publicity").id();
        scheduler.runDue();
        return id;
    }

    private List<Delivery> all(String pushId) {
        return deliveries.ofPush(pushId, List.of(DeliveryStatus.values()), null, 1000);
    }

    private boolean settled(String pushId) {
        return all(pushId).stream().noneMatch(d -> d.status() == DeliveryStatus.QUEUED || d.status() == DeliveryStatus.SENDING);
    }

    private boolean receipted(String pushId) {
        return all(pushId).stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED);
    }
}
