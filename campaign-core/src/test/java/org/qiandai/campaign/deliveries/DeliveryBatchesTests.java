package org.qiandai.campaign.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The outbox's batch operations for channels on the embedded store: the next QUEUED deliveries as an {@code _id}
 * range, conditional claims that two claimers cannot both win, settling outcomes and releases with exact counters,
 * send log and events, taking over a claim, and status reports that only move forward.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "qiandai.pushes.scheduler.enabled=false")
@ContextConfiguration(initializers = EmbeddedTestStore.class)
@Import(PlannerFakes.class)
@RecordApplicationEvents
class DeliveryBatchesTests {

    @Autowired Deliveries deliveries;
    @Autowired MongoTemplate mongo;
    @Autowired PlannerFakes.MutableClock clock;
    @Autowired ApplicationEvents events;

    @BeforeEach
    void clean() {
        for (String c : List.of(Deliveries.COLLECTION, Deliveries.PUSHES, Deliveries.SEND_LOG)) {
            mongo.getCollection(c).deleteMany(new Document());
        }
        clock.setLocal("2026-12-01T10:00:00");
    }

    private void queue(String pushId, int n) {
        mongo.getCollection(Deliveries.PUSHES).insertOne(new Document("_id", pushId).append("counts", new Document("QUEUED", (long) n)));
        List<NewDelivery> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String contact = String.format("c%03d", i);
            batch.add(new NewDelivery(NewDelivery.idOf(pushId, 0, contact), pushId, 0, "camp", "sms-test", "tpl", contact, "h" + contact,
                    "enc", "zh-CN", "东河区", "text"));
        }
        deliveries.queue(batch);
    }

    private Map<String, Object> counts(String pushId) {
        return mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", pushId)).first().get("counts", Document.class);
    }

    @Test
    void queuedIsAnIdRangeOfOnePushInIdOrder() {
        queue("push-a", 5);
        queue("push-ab", 3); // an id that shares the prefix but is another push
        assertThat(deliveries.queued("push-a", null, 10)).extracting(Delivery::id)
                .containsExactly("push-a:0:c000", "push-a:0:c001", "push-a:0:c002", "push-a:0:c003", "push-a:0:c004");
        assertThat(deliveries.queued("push-a", "push-a:0:c001", 2)).extracting(Delivery::id).containsExactly("push-a:0:c002", "push-a:0:c003");
    }

    @Test
    void twoClaimersNeverHoldTheSameDelivery() {
        queue("push-1", 6);
        List<Delivery> seen = deliveries.queued("push-1", null, 6);
        Instant lease = clock.instant().plusSeconds(30);
        List<Delivery> first = deliveries.claim(seen.subList(0, 4), new Claim("k1", "one", lease));
        List<Delivery> second = deliveries.claim(seen, new Claim("k2", "two", lease)); // read before the first claim
        assertThat(first).hasSize(4).allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.SENDING));
        assertThat(second).extracting(Delivery::id).containsExactly("push-1:0:c004", "push-1:0:c005");
        assertThat(second).allSatisfy(d -> assertThat(d.leaseOwner()).isEqualTo("two"));
        assertThat(deliveries.heldBy("k1", List.of("push-1:0:c000", "push-1:0:c004"))).extracting(Delivery::id).containsExactly("push-1:0:c000");
        assertThat(counts("push-1")).containsEntry("QUEUED", 0L).containsEntry("SENDING", 6L);
        assertThat(deliveries.queued("push-1", null, 10)).isEmpty();
        assertThat(events.stream(DeliveryStatusChanged.class)).hasSize(6);
    }

    @Test
    void settlingMovesCountersOncePerPushAndRecordsSends() {
        queue("push-1", 5);
        Claim claim = new Claim("k1", "one", clock.instant().plusSeconds(30));
        List<Delivery> held = deliveries.claim(deliveries.queued("push-1", null, 5), claim);
        clock.setLocal("2026-12-01T10:00:05");
        List<Delivery> changed = deliveries.settle("k1", List.of(
                Settlement.of(held.get(0), DeliveryStatus.SENT, Outcome.provider("SM0"), 1),
                Settlement.of(held.get(1), DeliveryStatus.FAILED, Outcome.error("21211", "invalid number"), 1),
                Settlement.of(held.get(2), DeliveryStatus.UNKNOWN, Outcome.error("UNKNOWN_OUTCOME", "read timed out"), 1),
                new Settlement(held.get(3), DeliveryStatus.QUEUED, Outcome.error("20429", "too many requests"), 1, clock.instant().plusSeconds(2)),
                Settlement.release(held.get(4))));
        assertThat(changed).hasSize(5);
        assertThat(counts("push-1")).containsEntry("QUEUED", 2L).containsEntry("SENDING", 0L).containsEntry("SENT", 1L)
                .containsEntry("FAILED", 1L).containsEntry("UNKNOWN", 1L);
        Document push = mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", "push-1")).first();
        assertThat(push.get("failures", Document.class)).containsEntry("21211", 1L).containsEntry("UNKNOWN_OUTCOME", 1L);
        assertThat(deliveries.get(held.get(0).id()).orElseThrow()).satisfies(d -> {
            assertThat(d.providerId()).isEqualTo("SM0");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.leaseOwner()).isNull();
        });
        // the retry waits for its time, the released one is claimable at once
        assertThat(deliveries.queued("push-1", null, 10)).extracting(Delivery::id).containsExactly("push-1:0:c004");
        clock.setLocal("2026-12-01T10:00:08");
        assertThat(deliveries.queued("push-1", null, 10)).extracting(Delivery::id).containsExactly("push-1:0:c003", "push-1:0:c004");
        assertThat(deliveries.get("push-1:0:c003").orElseThrow().attempts()).isEqualTo(1);
        // SENT and UNKNOWN count as sends for the frequency cap
        assertThat(deliveries.sendsSince(List.of("hc000", "hc001", "hc002", "hc003"), clock.instant().minusSeconds(60)))
                .containsOnlyKeys("hc000", "hc002");

        // an instance whose claim was settled (or taken over) changes nothing more
        assertThat(deliveries.settle("k1", List.of(Settlement.of(held.get(0), DeliveryStatus.FAILED, Outcome.error("x", "y"), 2)))).isEmpty();
        // reports move forward only: UNKNOWN can still be resolved, FAILED cannot
        List<Delivery> now = deliveries.getAll(List.of(held.get(0).id(), held.get(1).id(), held.get(2).id()));
        List<Delivery> applied = deliveries.transitionAll(now.stream()
                .map(d -> new Transition(d, DeliveryStatus.DELIVERED, Outcome.NONE)).toList());
        assertThat(applied).extracting(Delivery::id).containsExactlyInAnyOrder(held.get(0).id(), held.get(2).id());
        assertThat(counts("push-1")).containsEntry("SENT", 0L).containsEntry("UNKNOWN", 0L).containsEntry("DELIVERED", 2L);
        assertThat(mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", "push-1")).first().get("failures", Document.class))
                .containsEntry("UNKNOWN_OUTCOME", 0L);
        assertThat(deliveries.sendsSince(List.of("hc000", "hc002"), clock.instant().minusSeconds(60)))
                .containsEntry("hc000", 1).containsEntry("hc002", 1); // no second entry for the same message
        assertThat(deliveries.findByProviderIds(List.of("SM0", "SM9"))).extracting(Delivery::id).containsExactly(held.get(0).id());
        assertThat(mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", "push-1")).first().getList("pending", Document.class))
                .as("every batch's journal entry went with its counters").isEmpty();
    }

    @Test
    void aBatchWhoseWriterDiedBeforeItsCountersIsCompletedOnce() {
        queue("push-1", 3);
        // as a writer that died after the deliveries' write: the journal entry and the tokens, no counters
        Document change = new Document("from", "QUEUED").append("to", "SENDING").append("fromCode", null).append("code", null);
        mongo.getCollection(Deliveries.PUSHES).updateOne(new Document("_id", "push-1"), new Document("$push", new Document("pending",
                new Document("token", "t1").append("at", java.util.Date.from(clock.instant().minusSeconds(120))).append("changes", List.of(
                        new Document(change).append("id", "push-1:0:c000"), new Document(change).append("id", "push-1:0:c001"))))));
        mongo.getCollection(Deliveries.COLLECTION).updateOne(new Document("_id", "push-1:0:c000"),
                new Document("$set", new Document("status", "SENDING").append("changes", List.of("t1"))));
        assertThat(deliveries.recoverPending("push-1", clock.instant().minusSeconds(300))).as("not old enough yet").isZero();
        assertThat(deliveries.recoverPending("push-1", clock.instant().minusSeconds(60))).isEqualTo(1);
        assertThat(deliveries.recoverPending("push-1", clock.instant().minusSeconds(60))).as("only once").isZero();
        assertThat(counts("push-1")).containsEntry("QUEUED", 2L).containsEntry("SENDING", 1L);
    }

    @Test
    void anExpiredClaimIsTakenOverWithoutChangingCounters() {
        queue("push-1", 3);
        List<Delivery> held = deliveries.claim(deliveries.queued("push-1", null, 3), new Claim("k1", "one", clock.instant().plusSeconds(30)));
        List<Delivery> taken = deliveries.takeOver("k1", held.stream().map(Delivery::id).toList(), new Claim("k2", "two", clock.instant().plusSeconds(60)));
        assertThat(taken).hasSize(3).allSatisfy(d -> assertThat(d.leaseOwner()).isEqualTo("two"));
        assertThat(deliveries.settle("k1", List.of(Settlement.of(held.get(0), DeliveryStatus.SENT, Outcome.provider("late"), 1)))).isEmpty();
        assertThat(deliveries.settle("k2", List.of(Settlement.of(taken.get(0), DeliveryStatus.SENT, Outcome.provider("SM1"), 1)))).hasSize(1);
        assertThat(counts("push-1")).containsEntry("SENDING", 2L).containsEntry("SENT", 1L);
    }
}
