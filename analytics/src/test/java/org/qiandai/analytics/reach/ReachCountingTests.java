package org.qiandai.analytics.reach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.analytics.AnalyticsTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.campaigns.Activities;
import org.qiandai.campaign.campaigns.ActivityDraft;
import org.qiandai.campaign.campaigns.ActivityKind;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.contacts.DoNotContactService;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.DeliveryStatusChanged;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.partnerreports.PartnerReportReceived;
import org.qiandai.campaign.pushes.AudienceSummary;
import org.qiandai.campaign.pushes.ExclusionReason;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushEvents;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Live counting and the rebuild on the embedded store, with deliveries driven through the real {@link Deliveries}
 * transitions (what a channel's dispatcher calls) and a clock moved by hand: exact distinct reach across channels,
 * campaigns and periods; a replayed event counting once; partner and offline figures kept out of measured reach;
 * late events; opt-outs; and a rebuild giving the live numbers.
 */
@SpringBootTest(classes = AnalyticsTestApplication.class, properties = {"qiandai.pushes.scheduler.enabled=false",
        "qiandai.store.in-memory=true", "qiandai.analytics.batch-size=7"})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class ReachCountingTests {

    static final LocalDate D1 = LocalDate.of(2026, 11, 2);

    @Autowired Deliveries deliveries;
    @Autowired LiveCounting live;
    @Autowired ReachQueries queries;
    @Autowired ReachRebuild rebuild;
    @Autowired MongoTemplate mongo;
    @Autowired PlannerFakes.MutableClock clock;
    @Autowired ApplicationEventPublisher events;
    @Autowired DoNotContactService dnc;
    @Autowired Campaigns campaigns;
    @Autowired Activities activities;
    @Autowired ReachRecovery recovery;

    @BeforeEach
    void clean() throws InterruptedException {
        live.awaitIdle(Duration.ofSeconds(10));
        for (String name : mongo.getCollectionNames()) {
            if (name.startsWith("analytics_") || List.of(Deliveries.COLLECTION, Deliveries.PUSHES, "partner_reports", "dnc", "campaigns",
                    "campaign_activities").contains(name)) {
                mongo.getCollection(name).deleteMany(new Document());
            }
        }
    }

    /**
     * Queues one delivery and moves it to {@code to} through the real transitions, at local {@code day} 10:00. The
     * first delivery of a push stores the push (as a scheduler leaves it) and publishes its occurrence as queued.
     */
    String deliver(String push, String campaign, String channel, String district, String person, String segment, LocalDate day,
                   DeliveryStatus to) {
        clock.setLocal(day + "T10:00:00");
        if (mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", push)).first() == null) {
            Date now = Date.from(clock.instant());
            mongo.getCollection(Deliveries.PUSHES).insertOne(new Document("_id", push).append("campaignId", campaign).append("channel", channel)
                    .append("templateId", "tpl").append("segmentIds", List.of()).append("schedule", new Document("at", null).append("base", now))
                    .append("status", "RUNNING").append("counts", new Document()).append("occurrencesQueued", 1).append("createdBy", "pub")
                    .append("createdAt", now).append("history", List.of()));
            events.publishEvent(new PushEvents.PushOccurrenceQueued(push, campaign, 0, AudienceSummary.of(1,
                    Map.of(ExclusionReason.DO_NOT_CONTACT, 2L)), clock.instant()));
        }
        String id = NewDelivery.idOf(push, 0, person);
        deliveries.queue(List.of(new NewDelivery(id, push, 0, campaign, channel, "tpl", person, person, "enc", "zh-CN", district,
                "text", segment)));
        deliveries.claim(id, "test", clock.instant().plusSeconds(60));
        if (to == DeliveryStatus.FAILED) {
            deliveries.markFailed(id, "30003", "unreachable");
            return id;
        }
        deliveries.markSent(id, "sid-" + id);
        if (to == DeliveryStatus.DELIVERED) {
            deliveries.markDelivered(id);
        } else if (to == DeliveryStatus.UNDELIVERED) {
            deliveries.markUndelivered(id, "30005", "unknown handset");
        }
        return id;
    }

    ReachReport reach(LocalDate from, LocalDate to, String campaign, String groupBy) throws InterruptedException {
        assertThat(live.awaitIdle(Duration.ofSeconds(10))).isTrue();
        return queries.reach(new ReachQuery(from, to, campaign, null, groupBy));
    }

    static Map<String, Long> reachByKey(ReachReport report) {
        Map<String, Long> m = new LinkedHashMap<>();
        report.rows().forEach(r -> m.put(r.key(), r.measuredReach()));
        return m;
    }

    /** Person a: c1 by Twilio SMS on day 1, c2 by SMPP on day 3, c1 by MMS on day 5; b: c1 on day 2, a failure in c2; c: sent only. */
    void twoChannelsTwoCampaigns() {
        deliver("p1", "c1", "sms-twilio", "东河区", "a", "seg-old", D1, DeliveryStatus.DELIVERED);
        deliver("p1", "c1", "sms-twilio", "昆都仑区", "b", "seg-old", D1.plusDays(1), DeliveryStatus.DELIVERED);
        deliver("p2", "c2", "sms-smpp", "东河区", "a", "seg-young", D1.plusDays(2), DeliveryStatus.DELIVERED);
        deliver("p2", "c2", "sms-smpp", "昆都仑区", "b", "seg-young", D1.plusDays(2), DeliveryStatus.FAILED);
        deliver("p2", "c2", "sms-smpp", "青山区", "c", "seg-young", D1.plusDays(2), DeliveryStatus.SENT);
        deliver("p3", "c1", "mms", "东河区", "a", "seg-old", D1.plusDays(4), DeliveryStatus.DELIVERED);
    }

    @Test
    void measuredReachIsExactAcrossTwoChannelsTwoCampaignsAndAnyPeriod() throws InterruptedException {
        twoChannelsTwoCampaigns();
        LocalDate d5 = D1.plusDays(4);

        ReachReport all = reach(D1, d5, null, "channel");
        assertThat(all.total().measuredReach()).isEqualTo(2);               // a and b; c was never delivered
        assertThat(all.total().delivered()).isEqualTo(4);
        assertThat(all.total().sent()).isEqualTo(5);                        // the failure never left
        assertThat(all.total().failed()).isEqualTo(1);
        assertThat(reachByKey(all)).containsExactly(Map.entry("sms-twilio", 2L), Map.entry("mms", 1L), Map.entry("sms-smpp", 1L));

        assertThat(reach(D1, d5, "c1", null).total().measuredReach()).isEqualTo(2);
        assertThat(reach(D1, d5, "c2", null).total().measuredReach()).isEqualTo(1);
        assertThat(reachByKey(reach(D1, d5, "c1", "channel"))).containsExactly(Map.entry("sms-twilio", 2L), Map.entry("mms", 1L));
        // 全市: the pushes' occurrences (actions) of campaigns that name no district
        assertThat(reachByKey(reach(D1, d5, null, "district"))).containsExactly(Map.entry("东河区", 1L), Map.entry("昆都仑区", 1L),
                Map.entry("全市", 0L), Map.entry("青山区", 0L));
        assertThat(reachByKey(reach(D1, d5, null, "segment"))).containsExactly(Map.entry("seg-old", 2L), Map.entry("seg-young", 1L));

        // periods: from day 3 only a is reached again; day 2 alone only b; a period before anything: nobody
        assertThat(reach(D1.plusDays(2), d5, null, null).total().measuredReach()).isEqualTo(1);
        assertThat(reach(D1.plusDays(1), D1.plusDays(1), null, null).total().measuredReach()).isEqualTo(1);
        assertThat(reach(D1.minusDays(9), D1.minusDays(1), null, null).total().measuredReach()).isZero();
        assertThat(reachByKey(reach(D1, d5, null, "day"))).containsExactly(Map.entry("2026-11-02", 1L), Map.entry("2026-11-03", 1L),
                Map.entry("2026-11-04", 1L), Map.entry("2026-11-05", 0L), Map.entry("2026-11-06", 1L));
        // 2026-11-02 is a Monday: one ISO week, in which each person counts once
        assertThat(reachByKey(reach(D1, d5, null, "week"))).containsExactly(Map.entry("2026-W45", 2L));
        assertThat(reachByKey(reach(D1, d5, null, "month"))).containsExactly(Map.entry("2026-11", 2L));
    }

    @Test
    void anEventAppliedTwiceAndAReplayedCallbackCountOnce() throws InterruptedException {
        String id = deliver("p1", "c1", "sms-twilio", "东河区", "a", null, D1, DeliveryStatus.DELIVERED);
        assertThat(deliveries.markDelivered(id)).isFalse(); // a replayed status callback changes nothing
        events.publishEvent(new DeliveryStatusChanged(id, "p1", "c1", "sms-twilio", "东河区", "a", DeliveryStatus.SENT,
                DeliveryStatus.DELIVERED, clock.instant()));
        events.publishEvent(new DeliveryStatusChanged(id, "p1", "c1", "sms-twilio", "东河区", "a", DeliveryStatus.SENT,
                DeliveryStatus.DELIVERED, clock.instant()));
        ReachRow total = reach(D1, D1, null, null).total();
        assertThat(total.measuredReach()).isEqualTo(1);
        assertThat(total.delivered()).isEqualTo(1);
        assertThat(total.sent()).isEqualTo(1);
    }

    @Test
    void partnerAndOfflineFiguresNeverEnterMeasuredReach() throws InterruptedException {
        deliver("p1", "c1", "sms-twilio", "东河区", "a", null, D1, DeliveryStatus.DELIVERED);
        partnerReport("didi", "p9", "c1", "东河区", D1, 5000, 1200, "wh-1");
        partnerReport("didi", "p9", "c1", "东河区", D1, 6000, 1500, "wh-2"); // the day's later running total replaces it
        activity(D1, List.of("东河区", "青山区"), 20001);

        ReachReport channels = reach(D1, D1, null, "channel");
        assertThat(channels.total().measuredReach()).isEqualTo(1);
        assertThat(channels.total().impressions()).isEqualTo(6000);
        assertThat(channels.total().reportedUniqueUsers()).isEqualTo(1500);
        assertThat(channels.total().estimated()).isEqualTo(20001);
        assertThat(channels.total().activities()).isEqualTo(1);
        assertThat(channels.rows()).extracting(ReachRow::key, ReachRow::measuredReach, ReachRow::impressions, ReachRow::estimated)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sms-twilio", 1L, 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple("didi", 0L, 6000L, 0L),
                        org.assertj.core.groups.Tuple.tuple("offline", 0L, 0L, 20001L));
        ReachReport districts = reach(D1, D1, null, "district");
        assertThat(districts.rows()).extracting(ReachRow::key, ReachRow::measuredReach, ReachRow::impressions, ReachRow::estimated)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("东河区", 1L, 6000L, 10001L),
                        org.assertj.core.groups.Tuple.tuple("全市", 0L, 0L, 0L), org.assertj.core.groups.Tuple.tuple("青山区", 0L, 0L, 10000L));
        // the same figure again (an event delivered twice) moves nothing
        events.publishEvent(new PartnerReportReceived("didi", "p9", "c1", "东河区", D1, 6000, 1500, 5000, 1200, "wh-2", clock.instant()));
        assertThat(reach(D1, D1, null, null).total().impressions()).isEqualTo(6000);
    }

    /** An offline activity recorded for a campaign of its own (analytics counts it under every campaign alike). */
    void activity(LocalDate day, List<String> districts, int audience) {
        String campaign = campaigns.create(new CampaignDraft("线下宣传", null, day, day.plusDays(30), List.of(), List.of(), List.of(), List.of()),
                "pub").id();
        activities.record(campaign, new ActivityDraft(ActivityKind.RADIO, "电台", null, day, null, districts, audience, null), "pub");
    }

    /** What PartnerReports stores for a figure, and the event it publishes. */
    void partnerReport(String partner, String push, String campaign, String district, LocalDate date, long impressions, long users,
                       String webhookId) {
        String id = partner + ":" + push + ":" + date + ":" + district;
        Document before = mongo.getCollection("partner_reports").find(new Document("_id", id)).first();
        mongo.getCollection("partner_reports").replaceOne(new Document("_id", id), new Document("_id", id).append("partner", partner)
                .append("pushId", push).append("campaignId", campaign).append("district", district).append("date", date.toString())
                .append("impressions", impressions).append("uniqueUsers", users).append("webhookId", webhookId)
                .append("sentAt", new Date()).append("receivedAt", new Date()), new com.mongodb.client.model.ReplaceOptions().upsert(true));
        events.publishEvent(new PartnerReportReceived(partner, push, campaign, district, date, impressions, users,
                before == null ? 0 : before.getLong("impressions"), before == null ? 0 : before.getLong("uniqueUsers"), webhookId, clock.instant()));
    }

    @Test
    void aLateEventForAnEarlierDayMovesTheHistogram() throws InterruptedException {
        deliver("p2", "c1", "sms-twilio", "东河区", "a", null, D1.plusDays(4), DeliveryStatus.DELIVERED);
        assertThat(reach(D1.plusDays(2), D1.plusDays(4), null, null).total().measuredReach()).isEqualTo(1);
        // a delivery of day 1 counted afterwards (a late receipt)
        deliver("p1", "c1", "sms-twilio", "东河区", "a", null, D1, DeliveryStatus.DELIVERED);
        assertThat(reach(D1, D1.plusDays(4), null, null).total().measuredReach()).isEqualTo(1);
        assertThat(reach(D1.plusDays(2), D1.plusDays(4), null, null).total().measuredReach()).isEqualTo(1);
        assertThat(reach(D1, D1.plusDays(3), null, null).total().measuredReach()).isEqualTo(1);
        assertThat(reachByKey(reach(D1, D1.plusDays(4), null, "day")).values()).containsExactly(1L, 0L, 0L, 0L, 1L);
    }

    @Test
    void anOptOutCountsAgainstThePushThatLastSent() throws InterruptedException {
        deliver("p1", "c1", "sms-twilio", "东河区", "a", null, D1, DeliveryStatus.DELIVERED);
        deliver("p2", "c1", "sms-twilio", "东河区", "a", null, D1.plusDays(1), DeliveryStatus.DELIVERED);
        assertThat(live.awaitIdle(Duration.ofSeconds(10))).isTrue();
        dnc.addHash("a", "STOP", "sms-reply", "sms");
        dnc.addHash("a", "STOP", "sms-reply", "sms"); // listed already: nothing new
        assertThat(live.awaitIdle(Duration.ofSeconds(10))).isTrue();
        Map<String, Document> funnels = live.store().pushes(live.store().current(), List.of("p1", "p2"));
        assertThat(funnels.get("p2").get("optedOut", Number.class).longValue()).isEqualTo(1);
        assertThat(funnels.get("p1").get("optedOut")).isNull();
    }

    @Test
    void aRebuildGivesTheLiveNumbers() throws InterruptedException {
        twoChannelsTwoCampaigns();
        deliver("p1", "c1", "sms-twilio", "九原区", "d", "seg-old", D1.plusDays(3), DeliveryStatus.UNDELIVERED);
        partnerReport("didi", "p9", "c1", "东河区", D1, 5000, 1200, "wh-1");
        activity(D1.plusDays(1), List.of(), 300);
        assertThat(live.awaitIdle(Duration.ofSeconds(10))).isTrue();
        dnc.addHash("b", "STOP", "sms-reply", "sms");
        List<ReachReport> before = everyQuestion();
        Map<String, Document> funnelsBefore = live.store().pushes(live.store().current(), List.of("p1", "p2", "p3"));

        ReachRebuild.Result result = rebuild.rebuild();
        assertThat(result.deliveries()).isEqualTo(7);
        assertThat(result.people()).isEqualTo(4);
        List<ReachReport> after = everyQuestion();
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).as("question %d", i).isEqualTo(before.get(i));
        }
        Map<String, Document> funnelsAfter = live.store().pushes(live.store().current(), List.of("p1", "p2", "p3"));
        assertThat(funnelsAfter).isEqualTo(funnelsBefore);

        // counting goes on in the new generation, and the ledger keeps counting exact
        deliver("p4", "c2", "sms-twilio", "东河区", "e", null, D1.plusDays(4), DeliveryStatus.DELIVERED);
        assertThat(reach(D1, D1.plusDays(4), null, null).total().measuredReach()).isEqualTo(3);
    }

    @Test
    void aKilledInstanceOrCountersNeverBuiltCallForARebuild() {
        deliver("p1", "c1", "sms-twilio", "东河区", "a", null, D1, DeliveryStatus.DELIVERED);
        mongo.getCollection(ReachStore.STATE).deleteOne(new Document("_id", "state"));
        assertThat(recovery.reason()).contains("never built");
        live.store().ensureGeneration();
        // an instance whose marker stayed behind and whose heartbeat stopped long ago
        mongo.getCollection(ReachStore.STATE).insertOne(new Document("_id", "instance:killed").append("heartbeat",
                Date.from(clock.instant().minusSeconds(3600))));
        assertThat(recovery.reason()).contains("1 instance");
        assertThat(mongo.getCollection(ReachStore.STATE).find(new Document("_id", "instance:killed")).first()).isNull();
        assertThat(recovery.reason()).isNull(); // this instance's own marker is fresh
    }

    List<ReachReport> everyQuestion() throws InterruptedException {
        List<ReachReport> all = new ArrayList<>();
        for (String campaign : java.util.Arrays.asList(null, "c1", "c2")) {
            for (String groupBy : java.util.Arrays.asList(null, "channel", "district", "segment", "profile", "day", "week", "month")) {
                all.add(reach(D1, D1.plusDays(4), campaign, groupBy));
                all.add(reach(D1.plusDays(2), D1.plusDays(3), campaign, groupBy));
            }
        }
        return all;
    }
}
