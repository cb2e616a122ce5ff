package org.qiandai.campaign.pushes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qiandai.campaign.pushes.PlannerFakes.people;
import static org.qiandai.campaign.pushes.PlannerFakes.person;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.DeliveryStatusChanged;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * Pushes and the outbox through their public services on the embedded store, with in-memory contracts
 * ({@link PlannerFakes}) and a hand-moved clock: exclusions, quiet hours, the frequency cap across campaigns, queuing
 * twice, resuming after a crash, forward-only transitions, pause and cancel, refused campaigns.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = {"qiandai.pushes.scheduler.enabled=false", "qiandai.pushes.batch-size=7"})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
@Import(PlannerFakes.class)
@RecordApplicationEvents
class PushesTests {

    @Autowired Pushes pushes;
    @Autowired PushScheduler scheduler;
    @Autowired Deliveries deliveries;
    @Autowired MongoTemplate mongo;
    @Autowired PlannerFakes.MutableClock clock;
    @Autowired PlannerFakes.Audience audience;
    @Autowired PlannerFakes.Dnc dnc;
    @Autowired PlannerFakes.Campaigns campaigns;
    @Autowired ApplicationEvents events;

    @BeforeEach
    void clean() {
        for (String c : List.of(Deliveries.COLLECTION, Deliveries.PUSHES, Deliveries.SEND_LOG)) {
            mongo.getCollection(c).deleteMany(new Document());
        }
        audience.segments.clear();
        dnc.hashes.clear();
        campaigns.campaigns.clear();
        campaigns.markedRunning.clear();
        clock.setLocal("2026-12-01T10:00:00");
    }

    static PushRequest sms(String... segments) {
        return new PushRequest("sms-twilio", "tpl-sms", List.of(segments), null);
    }

    static PushRequest smsAt(String at, String... segments) {
        return new PushRequest("sms-twilio", "tpl-sms", List.of(segments), new Schedule(at, null));
    }

    @Test
    void everyExclusionReasonIsCountedOnceUnderTheFirstReason() {
        campaigns.put("c1", CampaignStatus.APPROVED, List.of("东河区", "昆都仑区"), List.of());
        List<Recipient> a = new ArrayList<>(people("a", 20, "东河区"));
        a.add(new Recipient("bad-1", "hbad-1", "enc", "东河区", "zh-CN", false));     // INVALID_NUMBER
        a.add(new Recipient("bad-2", null, null, "东河区", "zh-CN", true));            // INVALID_NUMBER (no number)
        a.addAll(people("far", 4, "青山区"));                                          // OUTSIDE_DISTRICTS
        List<Recipient> b = new ArrayList<>(people("a", 5, "东河区"));                  // DUPLICATE x5 (a-0..a-4)
        b.addAll(people("b", 10, "昆都仑区"));
        b.add(person("far-0", "青山区"));                                              // DUPLICATE before OUTSIDE_DISTRICTS
        audience.segments.put("seg-a", a);
        audience.segments.put("seg-b", b);
        dnc.hashes.addAll(List.of("ha-1", "ha-2", "hb-3", "hfar-1"));                // DNC x3 (hfar-1 is outside first)
        Date recent = Date.from(clock.instant().minus(Duration.ofDays(2)));
        Date old = Date.from(clock.instant().minus(Duration.ofDays(8)));
        sendLog("ha-5", recent, recent);      // FREQUENCY_CAP
        sendLog("hb-7", recent, recent, recent); // FREQUENCY_CAP
        sendLog("ha-6", recent, old);         // one in the window: under the cap
        sendLog("ha-1", recent, recent);      // on the DNC list: counted there only

        AudienceSummary preview = pushes.preview("c1", sms("seg-a", "seg-b"));
        assertThat(preview.excluded()).containsExactly(
                Map.entry(ExclusionReason.DO_NOT_CONTACT, 3L), Map.entry(ExclusionReason.FREQUENCY_CAP, 2L),
                Map.entry(ExclusionReason.OUTSIDE_DISTRICTS, 4L), Map.entry(ExclusionReason.DUPLICATE, 6L),
                Map.entry(ExclusionReason.INVALID_NUMBER, 2L));
        assertThat(preview.recipients()).isEqualTo(30 - 3 - 2);
        assertThat(preview.recipients() + preview.excludedTotal()).isEqualTo(a.size() + b.size());

        PushView created = pushes.create("c1", sms("seg-a", "seg-b"), "publicity");
        assertThat(created.status()).isEqualTo(PushStatus.SCHEDULED);
        assertThat(created.audience()).isEqualTo(preview);
        assertThat(scheduler.runDue()).isEqualTo(1);
        PushView queued = pushes.get(created.id()).orElseThrow();
        assertThat(queued.counts().get(DeliveryStatus.QUEUED)).isEqualTo(25);
        assertThat(mongo.getCollection(Deliveries.COLLECTION).countDocuments()).isEqualTo(25);
        assertThat(deliveries.get(created.id() + ":0:a-0")).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(d.text()).isEqualTo("【包头公安】东河区的居民：警惕养老投资骗局，疑似诈骗请拨打96110。");
            assertThat(d.phoneHash()).isEqualTo("ha-0");
            assertThat(d.encryptedPhone()).isEqualTo("enc(a-0)");
            assertThat(d.leaseOwner()).isNull();
        });
        // each record names the segment its person was taken from: the first of the push's segments they are in
        assertThat(deliveries.facts(List.of(created.id() + ":0:a-0", created.id() + ":0:b-0")))
                .extractingFromEntries(e -> e.getValue().segmentId()).containsExactlyInAnyOrder("seg-a", "seg-b");
        assertThat(campaigns.markedRunning).containsExactly("c1");
    }

    @Test
    void aPushDueInQuietHoursWaitsUntilTheyEnd() {
        campaigns.put("c1", CampaignStatus.APPROVED, List.of(), List.of());
        audience.segments.put("s", people("p", 3, "东河区"));
        assertThat(runAt(smsAt("2026-12-01T20:59:00+08:00", "s"))).isEqualTo("2026-12-01T20:59+08:00");
        assertThat(runAt(smsAt("2026-12-01T21:00:00+08:00", "s"))).isEqualTo("2026-12-02T08:00+08:00");
        assertThat(runAt(smsAt("2026-12-01T23:30:00+08:00", "s"))).isEqualTo("2026-12-02T08:00+08:00");
        assertThat(runAt(smsAt("2026-12-02T00:30:00+08:00", "s"))).isEqualTo("2026-12-02T08:00+08:00");
        assertThat(runAt(smsAt("2026-12-02T07:59:00", "s"))).isEqualTo("2026-12-02T08:00+08:00");
        assertThat(runAt(smsAt("2026-12-02T08:00:00+08:00", "s"))).isEqualTo("2026-12-02T08:00+08:00");
        // a partner channel has no quiet hours by default
        assertThat(pushes.create("c1", new PushRequest("ride-hailing", "tpl-sms", List.of("s"),
                new Schedule("2026-12-01T22:00:00+08:00", null)), "publicity").nextRunAt()).hasToString("2026-12-01T22:00+08:00");

        mongo.getCollection(Deliveries.PUSHES).deleteMany(new Document());
        String id = pushes.create("c1", smsAt("2026-12-01T21:00:00+08:00", "s"), "publicity").id();
        clock.setLocal("2026-12-01T21:00:00");
        assertThat(scheduler.runDue()).isZero();
        clock.setLocal("2026-12-02T07:59:59");
        assertThat(scheduler.runDue()).isZero();
        clock.setLocal("2026-12-02T08:00:00");
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(pushes.get(id).orElseThrow().counts().get(DeliveryStatus.QUEUED)).isEqualTo(3);
    }

    private String runAt(PushRequest request) {
        return pushes.create("c1", request, "publicity").nextRunAt().toString();
    }

    @Test
    void quietHoursAtTheirBoundariesAndAcrossMidnight() {
        QuietHours night = QuietHours.parse("21:00-08:00");
        assertThat(night.contains(java.time.LocalTime.of(20, 59))).isFalse();
        assertThat(night.contains(java.time.LocalTime.of(21, 0))).isTrue();
        assertThat(night.contains(java.time.LocalTime.of(0, 0))).isTrue();
        assertThat(night.contains(java.time.LocalTime.of(7, 59))).isTrue();
        assertThat(night.contains(java.time.LocalTime.of(8, 0))).isFalse();
        QuietHours lunch = QuietHours.parse("12:00-13:30");
        assertThat(lunch.contains(java.time.LocalTime.of(11, 59))).isFalse();
        assertThat(lunch.contains(java.time.LocalTime.of(12, 0))).isTrue();
        assertThat(lunch.nextAllowed(java.time.ZonedDateTime.parse("2026-12-01T12:10:00+08:00[Asia/Shanghai]")))
                .hasToString("2026-12-01T13:30+08:00[Asia/Shanghai]");
        assertThat(QuietHours.parse("").isOff()).isTrue();
        assertThat(QuietHours.parse("").contains(java.time.LocalTime.of(23, 0))).isFalse();
        assertThatThrownBy(() -> QuietHours.parse("21-8")).hasMessageContaining("HH:mm");
        assertThat(FrequencyCap.parse("2/7d")).isEqualTo(new FrequencyCap(2, Duration.ofDays(7)));
        assertThat(FrequencyCap.parse("1/12h").window()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void theFrequencyCapCountsWhatWasSentAcrossCampaigns() {
        audience.segments.put("s", people("p", 4, "东河区"));
        for (String c : List.of("c1", "c2", "c3")) {
            campaigns.put(c, CampaignStatus.APPROVED, List.of(), List.of());
        }
        String first = pushes.create("c1", sms("s"), "publicity").id();
        scheduler.runDue();
        // queued but not sent yet: not counted
        assertThat(pushes.preview("c2", sms("s")).excluded().get(ExclusionReason.FREQUENCY_CAP)).isZero();
        sendAll(first, 4);
        String second = pushes.create("c2", sms("s"), "publicity").id();
        scheduler.runDue();
        sendAll(second, 3); // p-3 of the second push fails before it is sent
        deliveries.markFailed(second + ":0:p-3", "30003", "unreachable");

        AudienceSummary third = pushes.preview("c3", sms("s"));
        assertThat(third.excluded().get(ExclusionReason.FREQUENCY_CAP)).isEqualTo(3);
        assertThat(third.recipients()).isEqualTo(1);
        // eight days later the first sends fall out of the window
        clock.set(clock.instant().plus(Duration.ofDays(8)));
        assertThat(pushes.preview("c3", sms("s")).excluded().get(ExclusionReason.FREQUENCY_CAP)).isZero();
    }

    private void sendAll(String pushId, int n) {
        for (int i = 0; i < n; i++) {
            String id = pushId + ":0:p-" + i;
            assertThat(deliveries.claim(id, "test", clock.instant().plusSeconds(60))).isTrue();
            assertThat(deliveries.markSent(id, "SM" + pushId + i)).isTrue();
        }
    }

    @Test
    void queuingTwiceMakesOneDeliveryPerPerson() {
        campaigns.put("c1", CampaignStatus.RUNNING, List.of(), List.of("s", "t"));
        audience.segments.put("s", people("p", 30, "东河区"));
        audience.segments.put("t", people("p", 30, "东河区"));
        PushView push = pushes.create("c1", new PushRequest("sms-twilio", "tpl-sms", List.of(), null), "publicity");
        assertThat(push.segmentIds()).containsExactly("s", "t");
        Document snapshot = mongo.getCollection(Deliveries.PUSHES).find(Filters.eq("_id", push.id())).first();
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(scheduler.runDue()).isZero();
        // a stale second run of the same occurrence (as if two instances had both claimed it) writes and counts nothing new
        scheduler.queueOccurrence(snapshot);
        assertThat(mongo.getCollection(Deliveries.COLLECTION).countDocuments()).isEqualTo(30);
        PushView after = pushes.get(push.id()).orElseThrow();
        assertThat(after.counts().get(DeliveryStatus.QUEUED)).isEqualTo(30);
        assertThat(after.audience().excluded().get(ExclusionReason.DUPLICATE)).isEqualTo(30);
        assertThat(campaigns.markedRunning).isEmpty(); // already RUNNING
    }

    @Test
    void aQueuingRunThatCrashedResumesWithoutDuplicates() {
        campaigns.put("c1", CampaignStatus.APPROVED, List.of(), List.of());
        List<Recipient> everyone = people("p", 50, "东河区");
        AtomicInteger crashAfter = new AtomicInteger(30);
        audience.segments.put("s", everyone);
        PlannerFakes.Audience crashing = audience;
        String id = pushes.create("c1", sms("s"), "publicity").id();
        // the stream breaks after 30 members: the run dies mid-queue with its lease held
        crashing.segments.put("s", new ArrayList<>(everyone) {
            @Override
            public Stream<Recipient> stream() {
                AtomicInteger seen = new AtomicInteger();
                return everyone.stream().peek(r -> {
                    if (crashAfter.get() > 0 && seen.incrementAndGet() > crashAfter.get()) {
                        throw new IllegalStateException("killed");
                    }
                });
            }
        });
        assertThatThrownBy(() -> scheduler.runDue()).hasMessage("killed");
        PushView mid = pushes.get(id).orElseThrow();
        assertThat(mid.queuing().batches()).isEqualTo(4); // 4 batches of 7 = 28 written and counted
        assertThat(mid.counts().get(DeliveryStatus.QUEUED)).isEqualTo(28);
        // as if the process died after writing batch 4 but before recording it
        mongo.getCollection(Deliveries.PUSHES).updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.set("queuing.batches", 3), Updates.set("queuing.queued", 21L), Updates.inc("counts.QUEUED", -7)));
        crashAfter.set(0);
        assertThat(scheduler.runDue()).isZero(); // the dead run's lease still holds
        clock.set(clock.instant().plus(Duration.ofMinutes(3)));
        assertThat(scheduler.runDue()).isEqualTo(1);
        PushView done = pushes.get(id).orElseThrow();
        assertThat(mongo.getCollection(Deliveries.COLLECTION).countDocuments()).isEqualTo(50);
        assertThat(done.counts().get(DeliveryStatus.QUEUED)).isEqualTo(50);
        assertThat(done.queuing().done()).isTrue();
        assertThat(done.queuing().queued()).isEqualTo(50);
        assertThat(done.audience().recipients()).isEqualTo(50);
        assertThat(done.nextRunAt()).isNull();
    }

    @Test
    void transitionsOnlyMoveForwardAndKeepTheCounters() {
        campaigns.put("c1", CampaignStatus.APPROVED, List.of(), List.of());
        audience.segments.put("s", people("p", 3, "东河区"));
        String push = pushes.create("c1", sms("s"), "publicity").id();
        scheduler.runDue();
        String d0 = push + ":0:p-0";
        String d1 = push + ":0:p-1";
        String d2 = push + ":0:p-2";
        assertThat(deliveries.claim(d0, "dispatcher-1", clock.instant().plusSeconds(30))).isTrue();
        assertThat(deliveries.claim(d0, "dispatcher-2", clock.instant().plusSeconds(30))).isFalse();
        assertThat(deliveries.markSent(d0, "SM0")).isTrue();
        assertThat(deliveries.markSent(d0, "SM0")).isFalse();           // repeated
        assertThat(deliveries.markDelivered(d0)).isTrue();
        assertThat(deliveries.markSent(d0, "SM0")).isFalse();           // late
        assertThat(deliveries.markUndelivered(d0, "30005", "x")).isFalse();
        assertThat(deliveries.markDelivered(d1)).isTrue();              // a receipt before our own SENT: still a send
        assertThat(deliveries.claim(d2, "dispatcher-1", clock.instant().plusSeconds(30))).isTrue();
        assertThat(deliveries.markFailed(d2, "21211", "invalid number")).isTrue();
        assertThat(deliveries.markDelivered(d2)).isFalse();

        Delivery zero = deliveries.get(d0).orElseThrow();
        assertThat(zero.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(zero.attempts()).isEqualTo(1);
        assertThat(zero.leaseOwner()).isEqualTo("dispatcher-1");
        assertThat(zero.providerId()).isEqualTo("SM0");
        assertThat(zero.at()).containsKeys(DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(deliveries.findByProviderId("SM0")).get().extracting(Delivery::id).isEqualTo(d0);
        assertThat(deliveries.get(d2).orElseThrow().errorCode()).isEqualTo("21211");

        PushView view = pushes.get(push).orElseThrow();
        assertThat(view.counts()).containsEntry(DeliveryStatus.QUEUED, 0L).containsEntry(DeliveryStatus.SENDING, 0L)
                .containsEntry(DeliveryStatus.SENT, 0L).containsEntry(DeliveryStatus.DELIVERED, 2L).containsEntry(DeliveryStatus.FAILED, 1L);
        assertThat(deliveries.sendsSince(List.of("hp-0", "hp-1", "hp-2"), clock.instant().minusSeconds(1)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("hp-0", 1, "hp-1", 1));
        assertThat(events.stream(DeliveryStatusChanged.class)).hasSize(6);
        scheduler.runDue();
        assertThat(pushes.get(push).orElseThrow().status()).isEqualTo(PushStatus.COMPLETED);
    }

    @Test
    void pauseResumeAndCancel() {
        campaigns.put("c1", CampaignStatus.APPROVED, List.of(), List.of());
        audience.segments.put("s", people("p", 10, "东河区"));
        String id = pushes.create("c1", new PushRequest("sms-twilio", "tpl-sms", List.of("s"),
                new Schedule("2026-12-01T10:00:00+08:00", new Schedule.Repeat(Schedule.Every.DAILY, LocalDate.of(2026, 12, 3)))), "publicity").id();
        assertThat(pushes.pause(id, "publicity").status()).isEqualTo(PushStatus.PAUSED);
        assertThat(scheduler.runDue()).isZero();
        assertThatThrownBy(() -> pushes.pause(id, "publicity")).isInstanceOf(PushRefusedException.class)
                .extracting(e -> ((PushRefusedException) e).kind()).isEqualTo(PushRefusedException.Kind.CONFLICT);
        assertThat(pushes.resume(id, "publicity").status()).isEqualTo(PushStatus.SCHEDULED);
        assertThat(scheduler.runDue()).isEqualTo(1);
        PushView running = pushes.get(id).orElseThrow();
        assertThat(running.status()).isEqualTo(PushStatus.RUNNING);
        assertThat(running.nextRunAt()).hasToString("2026-12-02T10:00+08:00");
        assertThat(running.nextOccurrence()).isEqualTo(1);
        clock.setLocal("2026-12-02T10:00:00");
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(deliveries.get(id + ":1:p-0")).isPresent();
        deliveries.claim(id + ":1:p-0", "d", clock.instant().plusSeconds(30));

        PushView cancelled = pushes.cancel(id, "publicity", "wrong warning");
        assertThat(cancelled.status()).isEqualTo(PushStatus.CANCELLED);
        assertThat(cancelled.statusReason()).isEqualTo("wrong warning");
        assertThat(cancelled.counts()).containsEntry(DeliveryStatus.QUEUED, 0L).containsEntry(DeliveryStatus.SENDING, 1L)
                .containsEntry(DeliveryStatus.CANCELLED, 19L);
        assertThat(cancelled.nextRunAt()).isNull();
        assertThat(deliveries.get(id + ":1:p-1").orElseThrow().status()).isEqualTo(DeliveryStatus.CANCELLED);
        clock.setLocal("2026-12-03T10:00:00");
        assertThat(scheduler.runDue()).isZero();
        assertThatThrownBy(() -> pushes.cancel(id, "publicity", null)).isInstanceOf(PushRefusedException.class);
        assertThat(cancelled.history()).extracting(PushView.Change::status).containsExactly(PushStatus.SCHEDULED, PushStatus.PAUSED,
                PushStatus.SCHEDULED, PushStatus.RUNNING, PushStatus.CANCELLED);
    }

    @Test
    void pushesAreRefusedForCampaignsNotApproved() {
        audience.segments.put("s", people("p", 2, "东河区"));
        for (CampaignStatus status : List.of(CampaignStatus.DRAFT, CampaignStatus.SUBMITTED, CampaignStatus.REJECTED,
                CampaignStatus.CANCELLED, CampaignStatus.COMPLETED)) {
            campaigns.put("c-" + status, status, List.of(), List.of());
            assertThatThrownBy(() -> pushes.create("c-" + status, sms("s"), "publicity")).isInstanceOf(PushRefusedException.class)
                    .hasMessageContaining(status.name())
                    .extracting(e -> ((PushRefusedException) e).kind()).isEqualTo(PushRefusedException.Kind.CONFLICT);
        }
        assertThat(mongo.getCollection(Deliveries.PUSHES).countDocuments()).isZero();
        campaigns.put("c1", CampaignStatus.APPROVED, List.of(), List.of());
        assertThatThrownBy(() -> pushes.create("c1", new PushRequest("sms-twilio", "nope", List.of("s"), null), "p"))
                .hasMessageContaining("templateId");
        assertThatThrownBy(() -> pushes.create("c1", smsAt("2026-11-01T10:00:00+08:00", "s"), "p")).hasMessageContaining("past");
        // a campaign cancelled after its push was scheduled: the push is cancelled when due, nothing queued
        String id = pushes.create("c1", sms("s"), "publicity").id();
        campaigns.put("c1", CampaignStatus.CANCELLED, List.of(), List.of());
        scheduler.runDue();
        assertThat(pushes.get(id).orElseThrow().status()).isEqualTo(PushStatus.CANCELLED);
        assertThat(mongo.getCollection(Deliveries.COLLECTION).countDocuments()).isZero();
    }

    private void sendLog(String hash, Date... sends) {
        List<Document> entries = new ArrayList<>();
        for (Date d : sends) {
            entries.add(new Document("at", d).append("channel", "sms-smpp").append("deliveryId", "old"));
        }
        mongo.getCollection(Deliveries.SEND_LOG).insertOne(new Document("_id", hash).append("sends", entries));
    }
}
