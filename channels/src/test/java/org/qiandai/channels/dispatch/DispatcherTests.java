package org.qiandai.channels.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiandai.channels.ChannelFixtures.await;
import static org.qiandai.channels.ChannelFixtures.phone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.pushes.PushEvents;
import org.qiandai.campaign.pushes.PushStatus;
import org.qiandai.campaign.pushes.StandingPushes;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.ChannelStoreTests;
import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.RecordingSender;
import org.qiandai.channels.SendResult;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dispatcher on the embedded store with a recording sender: every delivery sent once with exact progress, retries
 * and permanent failures, opt-outs, unknown outcomes never re-sent, the rate held, pause, resume and cancel, quiet
 * hours that begin mid-push, two instances sharing one store, a crashed instance's claims taken over without a
 * message sent twice or lost, and urgent warnings of a standing push sent at once inside quiet hours.
 */
class DispatcherTests extends ChannelStoreTests {

    static final String CHANNEL = "sms-test";


    private final List<Dispatcher> started = new ArrayList<>();

    @Autowired StandingPushes standing;

    @BeforeEach
    void clean() {
        System.setProperty("qiandai.quiet-hours." + CHANNEL, "21:00-08:00");
    }

    @AfterEach
    void stopAll() {
        started.forEach(Dispatcher::stop);
        started.clear();
    }

    static DispatchSettings fast(Duration lease) {
        return new DispatchSettings(true, 20, lease, Duration.ofMillis(50), 3, Duration.ofMillis(100), Duration.ofSeconds(1), true,
                Duration.ofMillis(30));
    }

    private Dispatcher dispatcher(ChannelSender sender, Duration lease) {
        Dispatcher d = Dispatcher.create(List.of(sender), deliveries, mongo, states, rules, crypto, dnc, durability, clock, fast(lease));
        d.start();
        started.add(d);
        return d;
    }

    private String push(int n) {
        return runningPush(CHANNEL, n);
    }

    private Map<DeliveryStatus, Long> counts(String pushId) {
        return pushes.get(pushId).orElseThrow().counts();
    }

    private long open(String pushId) {
        Map<DeliveryStatus, Long> c = counts(pushId);
        return c.get(DeliveryStatus.QUEUED) + c.get(DeliveryStatus.SENDING);
    }

    @Test
    void everyQueuedDeliveryIsSentOnceWithExactProgress() throws Exception {
        String push = push(45);
        RecordingSender sender = new RecordingSender(CHANNEL, 0, 4);
        Dispatcher dispatcher = dispatcher(sender, Duration.ofSeconds(30));
        await("all sent", Duration.ofSeconds(20), () -> counts(push).get(DeliveryStatus.SENT) == 45);
        assertThat(sender.calls).hasSize(45);
        assertThat(sender.perNumber).hasSize(45).allSatisfy((to, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(sender.calls).extracting(RecordingSender.Call::to).contains(phone(0), phone(44));
        assertThat(counts(push)).containsEntry(DeliveryStatus.QUEUED, 0L).containsEntry(DeliveryStatus.SENDING, 0L);
        Delivery one = deliveries.get(push + ":0:ct-00007").orElseThrow();
        assertThat(one.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(one.attempts()).isEqualTo(1);
        assertThat(one.providerId()).startsWith("SM");
        await("claims closed", Duration.ofSeconds(5), () -> dispatcher.openClaims() == 0);
        assertThat(deliveries.sendsSince(List.of(one.phoneHash()), clock.instant().minusSeconds(60))).containsEntry(one.phoneHash(), 1);
        scheduler.runDue();
        assertThat(pushes.get(push).orElseThrow().status()).isEqualTo(PushStatus.COMPLETED);
    }

    @Test
    void transientFailuresAreRetriedWithGrowingDelaysAndPermanentOnesFailAtOnce() throws Exception {
        String push = push(6);
        RecordingSender sender = new RecordingSender(CHANNEL, 0, 2);
        sender.answer = m -> switch (m.to().substring(m.to().length() - 1)) {
            case "0" -> m.attempt() < 3 ? SendResult.retry("503", "service unavailable") : SendResult.accepted("SM0");
            case "1" -> SendResult.permanent("21211", "invalid 'To' phone number");
            case "2" -> SendResult.throttled("20429", "too many requests");
            case "3" -> SendResult.optedOut("21610", "attempt to send to unsubscribed recipient");
            case "4" -> SendResult.unknown("UNKNOWN_OUTCOME", "connection reset after the request was written");
            default -> SendResult.accepted("SM5");
        };
        dispatcher(sender, Duration.ofSeconds(30));
        await("all settled", Duration.ofSeconds(20), () -> open(push) == 0);

        assertThat(deliveries.get(push + ":0:ct-00000").orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(d.attempts()).isEqualTo(3);
        });
        List<Long> times = sender.calls.stream().filter(c -> c.to().equals(phone(0))).map(RecordingSender.Call::nanos).toList();
        assertThat(times).hasSize(3);
        // the delays grow: at least 100 ms before the second attempt, at least 200 ms before the third
        assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(deliveries.get(push + ":0:ct-00001").orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.errorCode()).isEqualTo("21211");
            assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(deliveries.get(push + ":0:ct-00002").orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.errorCode()).isEqualTo("20429");
            assertThat(d.attempts()).isEqualTo(3);
        });
        assertThat(deliveries.get(push + ":0:ct-00003").orElseThrow().status()).isEqualTo(DeliveryStatus.OPTED_OUT);
        assertThat(dnc.containsHash(crypto.hash(phone(3)))).isTrue();
        assertThat(deliveries.get(push + ":0:ct-00004").orElseThrow().status()).isEqualTo(DeliveryStatus.UNKNOWN);
        assertThat(sender.perNumber.get(phone(4)).get()).as("an unknown outcome is never sent again").isEqualTo(1);
        assertThat(counts(push)).containsEntry(DeliveryStatus.SENT, 2L).containsEntry(DeliveryStatus.FAILED, 2L)
                .containsEntry(DeliveryStatus.OPTED_OUT, 1L).containsEntry(DeliveryStatus.UNKNOWN, 1L);
        PushView view = pushes.get(push).orElseThrow();
        assertThat(view.failures()).containsEntry("21211", 1L).containsEntry("20429", 1L).containsEntry("21610", 1L)
                .containsEntry("UNKNOWN_OUTCOME", 1L);
    }

    @Test
    void theRateIsHeldWithinTenPercent() throws Exception {
        String push = push(60);
        RecordingSender sender = new RecordingSender(CHANNEL, 40, 4);
        dispatcher(sender, Duration.ofSeconds(30));
        await("all sent", Duration.ofSeconds(20), () -> sender.calls.size() == 60);
        List<Long> times = sender.calls.stream().map(RecordingSender.Call::nanos).sorted().toList();
        // held: in no second more than the rate and 10% (the bucket holds a tenth of a second's tokens)
        int mostInASecond = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= 1_000_000_000L) {
                j++;
            }
            mostInASecond = Math.max(mostInASecond, i - j + 1);
        }
        assertThat(mostInASecond).isLessThanOrEqualTo(44);
        // and not far below it over the whole run, past the first tenth of a second (the machine is shared: a margin)
        double rate = (times.size() - 5 - 1) / ((times.get(times.size() - 1) - times.get(5)) / 1e9);
        assertThat(rate).isBetween(30.0, 44.0);
        await("settled", Duration.ofSeconds(5), () -> counts(push).get(DeliveryStatus.SENT) == 60);
    }

    @Test
    void pauseResumeAndCancelTakeEffectWithinAChunk() throws Exception {
        String push = push(80);
        RecordingSender sender = new RecordingSender(CHANNEL, 50, 2);
        dispatcher(sender, Duration.ofSeconds(30));
        await("some sent", Duration.ofSeconds(10), () -> sender.calls.size() >= 10);
        pushes.pause(push, "publicity");
        await("released", Duration.ofSeconds(5), () -> counts(push).get(DeliveryStatus.SENDING) == 0);
        int atPause = sender.calls.size();
        Thread.sleep(300);
        assertThat(sender.calls).hasSize(atPause);
        assertThat(counts(push).get(DeliveryStatus.QUEUED)).isEqualTo(80 - atPause);

        pushes.resume(push, "publicity");
        await("more sent", Duration.ofSeconds(10), () -> sender.calls.size() >= atPause + 10);
        pushes.cancel(push, "publicity", "wrong warning");
        await("nothing open", Duration.ofSeconds(5), () -> open(push) == 0);
        int atCancel = sender.calls.size();
        Thread.sleep(300);
        assertThat(sender.calls).hasSize(atCancel);
        Map<DeliveryStatus, Long> c = counts(push);
        assertThat(c.get(DeliveryStatus.SENT)).isEqualTo(atCancel);
        assertThat(c.get(DeliveryStatus.SENT) + c.get(DeliveryStatus.CANCELLED)).isEqualTo(80);
        assertThat(sender.perNumber).allSatisfy((to, n) -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void quietHoursThatBeginMidPushStopTheSendingUntilTheyEnd() throws Exception {
        clock.setLocal("2026-12-01T20:59:59");
        String push = push(60);
        RecordingSender sender = new RecordingSender(CHANNEL, 20, 2);
        dispatcher(sender, Duration.ofSeconds(30));
        await("some sent", Duration.ofSeconds(10), () -> sender.calls.size() >= 5);
        await("quiet", Duration.ofSeconds(5), () -> clock.instant().atZone(ChannelFixtures.ZONE).getHour() == 21);
        await("released", Duration.ofSeconds(5), () -> counts(push).get(DeliveryStatus.SENDING) == 0);
        int atQuiet = sender.calls.size();
        assertThat(atQuiet).isLessThan(60);
        Thread.sleep(300);
        assertThat(sender.calls).hasSize(atQuiet);
        clock.setLocal("2026-12-02T08:00:00");
        await("the rest sent", Duration.ofSeconds(15), () -> counts(push).get(DeliveryStatus.SENT) == 60);
        assertThat(sender.perNumber).hasSize(60).allSatisfy((to, n) -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void twoInstancesShareTheWorkAndACrashedOnesClaimsAreTakenOver() throws Exception {
        String push = push(150);
        AtomicInteger seq = new AtomicInteger();
        RecordingSender one = new RecordingSender(CHANNEL, 60, 2);
        RecordingSender two = new RecordingSender(CHANNEL, 60, 2);
        one.answer = m -> SendResult.accepted("A" + seq.incrementAndGet());
        two.answer = m -> SendResult.accepted("B" + seq.incrementAndGet());
        Dispatcher first = dispatcher(one, Duration.ofSeconds(2));
        dispatcher(two, Duration.ofSeconds(2));
        await("both sending", Duration.ofSeconds(10), () -> one.calls.size() >= 15 && two.calls.size() >= 15);
        first.crash();
        started.remove(first);
        int crashedSent = one.calls.size();
        await("all settled", Duration.ofSeconds(30), () -> open(push) == 0);

        Map<DeliveryStatus, Long> c = counts(push);
        long unknown = c.get(DeliveryStatus.UNKNOWN);
        assertThat(c.get(DeliveryStatus.SENT) + unknown).isEqualTo(150);
        assertThat(unknown).as("only what the crashed instance may have had in flight").isLessThanOrEqualTo(20);
        // no delivery went out twice: every number reached one sender once
        for (int i = 0; i < 150; i++) {
            AtomicInteger a = one.perNumber.get(phone(i));
            AtomicInteger b = two.perNumber.get(phone(i));
            assertThat((a == null ? 0 : a.get()) + (b == null ? 0 : b.get())).as("sends to %s", phone(i)).isLessThanOrEqualTo(1);
        }
        assertThat(one.calls).hasSize(crashedSent);
        // none lost: every delivery the survivor did not send is one the crashed instance attempted
        List<Delivery> unknowns = deliveries.ofPush(push, List.of(DeliveryStatus.UNKNOWN), null, 200);
        assertThat(unknowns).allSatisfy(d -> assertThat(d.errorCode()).isEqualTo("DISPATCHER_LOST"));
        assertThat(two.calls.size() + crashedSent).isGreaterThanOrEqualTo(150 - (int) unknown);
        assertThat(mongo.getCollection(DispatchClaims.COLLECTION).countDocuments()).isZero();
    }

    @Test
    void urgentWarningsGoOutAtOnceInsideQuietHoursWhileACampaignWaitsAndTheListStillApplies() throws Exception {
        String campaign = push(5); // queued at 10:00
        clock.setLocal("2026-12-01T23:00:00");
        RecordingSender sender = new RecordingSender(CHANNEL, 20, 2);
        // a poll far longer than the test: only the hint can have woken the urgent lane
        Dispatcher d = Dispatcher.create(List.of(sender), deliveries, mongo, states, rules, crypto, dnc, durability, clock,
                new DispatchSettings(true, 20, Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ofMillis(100), Duration.ofSeconds(1),
                        true, Duration.ofMillis(30)));
        d.start();
        started.add(d);
        Thread.sleep(300);
        String pushId = StandingPushes.idOf(CHANNEL);
        List<NewDelivery> urgent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String e164 = phone(900 + i);
            urgent.add(new NewDelivery(pushId + ":0:wc-test-" + i + "-t0", pushId, 0, StandingPushes.CAMPAIGN, CHANNEL, "builtin:GENERAL:zh-CN",
                    "wc-test-" + i + "-t0", crypto.hash(e164), crypto.encrypt(e164), "zh-CN", "东河区", "【包头公安】反诈预警"));
        }
        standing.queue(CHANNEL, urgent);
        dnc.addHash(crypto.hash(phone(902)), "opted out meanwhile", "manual", "test");
        long hinted = System.nanoTime();
        d.on(new PushEvents.UrgentDeliveriesQueued(pushId, CHANNEL, urgent.stream().map(NewDelivery::id).toList(), clock.instant()));
        await("the urgent two sent", Duration.ofSeconds(10), () -> sender.calls.size() == 2);
        assertThat(Duration.ofNanos(sender.calls.get(1).nanos() - hinted)).isLessThan(Duration.ofSeconds(5));
        assertThat(sender.calls).extracting(RecordingSender.Call::to).containsExactlyInAnyOrder(phone(900), phone(901));
        await("the third opted out", Duration.ofSeconds(5),
                () -> deliveries.get(pushId + ":0:wc-test-2-t0").orElseThrow().status() == DeliveryStatus.OPTED_OUT);
        Thread.sleep(300);
        assertThat(counts(campaign).get(DeliveryStatus.QUEUED)).as("the campaign waits for the morning").isEqualTo(5);
        assertThat(pushes.get(pushId).orElseThrow().status()).isEqualTo(PushStatus.RUNNING);
        assertThat(counts(pushId)).containsEntry(DeliveryStatus.SENT, 2L).containsEntry(DeliveryStatus.OPTED_OUT, 1L)
                .containsEntry(DeliveryStatus.QUEUED, 0L);
        scheduler.runDue();
        assertThat(pushes.get(pushId).orElseThrow().status()).as("a standing push never completes").isEqualTo(PushStatus.RUNNING);
    }
}
