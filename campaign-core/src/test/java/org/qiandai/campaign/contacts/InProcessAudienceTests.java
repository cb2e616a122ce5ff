package org.qiandai.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.InProcessReads;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * On the embedded store the application reads a push's audience, the do-not-contact list and the send log in process
 * ({@link InProcessReads}); these must answer exactly what the same reads through the driver answer, for segment
 * rules over every field, nested all/any groups, attributes left empty and numbers that are not mobiles.
 */
class InProcessAudienceTests {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final List<String> DISTRICTS = List.of("东河区", "昆都仑区", "青山区", "九原区");
    static final List<String> OCCUPATIONS = List.of("退休人员", "学生", "财务人员", "个体经营者");
    static final List<String> EDUCATION = List.of("初中", "高中", "本科", "研究生");

    static EmbeddedMongoStore store;
    static MongoClient client;
    static MongoTemplate mongo;
    static Segments segments;
    static List<String> hashes = new ArrayList<>();

    @BeforeAll
    static void contacts() {
        store = EmbeddedMongoStore.inMemory();
        client = MongoClients.create(store.connectionString("audience"));
        mongo = new MongoTemplate(client, "audience");
        segments = Segments.create(mongo, CLOCK);
        PhoneCrypto crypto = PhoneCrypto.withKey(new byte[32]);
        Random random = new Random(7);
        int thisYear = LocalDate.now(CLOCK).getYear();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String e164 = String.format("+86138%08d", i);
            String id = crypto.hash(e164);
            hashes.add(id);
            ContactRecord record = new ContactRecord(id, crypto.encrypt(e164), PhoneNumber.mask(e164.substring(3)), i % 50 != 0,
                    DISTRICTS.get(random.nextInt(DISTRICTS.size())), random.nextInt(10) == 0 ? null : thisYear - 16 - random.nextInt(70),
                    random.nextBoolean() ? "女" : "男", random.nextInt(5) == 0 ? null : OCCUPATIONS.get(random.nextInt(OCCUPATIONS.size())),
                    random.nextInt(4) == 0 ? null : EDUCATION.get(random.nextInt(EDUCATION.size())), random.nextInt(6) == 0 ? "en" : "zh-CN",
                    "test", null);
            docs.add(ContactStore.document(record, "test", null, CLOCK.instant()));
        }
        mongo.getCollection(ContactStore.COLLECTION).insertMany(docs);
        List<Document> listed = new ArrayList<>();
        List<Document> logs = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            if (i % 13 == 0) {
                listed.add(new Document("_id", hashes.get(i)).append("reason", "test").append("source", "manual"));
            }
            if (i % 5 == 0) {
                List<Document> sends = new ArrayList<>();
                for (int k = 0; k < i % 4; k++) {
                    sends.add(new Document("at", Date.from(CLOCK.instant().minusSeconds(86_400L * (k * 3 + i % 3)))).append("pushId", "p" + k));
                }
                logs.add(new Document("_id", hashes.get(i)).append("sends", sends));
            }
        }
        mongo.getCollection(DoNotContactService.COLLECTION).insertMany(listed);
        mongo.getCollection(Deliveries.SEND_LOG).insertMany(logs);
    }

    @AfterAll
    static void stop() {
        client.close();
        store.close();
    }

    @Test
    void segmentMembersAreTheSameReadInProcessAsThroughTheDriver() {
        List<SegmentRule> rules = List.of(
                SegmentRule.ageBetween(0, 120),
                SegmentRule.ageBetween(60, null),
                SegmentRule.ageBetween(null, 25),
                SegmentRule.in(SegmentField.DISTRICT, List.of("东河区", "青山区")),
                SegmentRule.eq(SegmentField.GENDER, "女"),
                SegmentRule.in(SegmentField.OCCUPATION, List.of("退休人员", "财务人员")),
                SegmentRule.eq(SegmentField.EDUCATION, "本科"),
                SegmentRule.eq(SegmentField.LANGUAGE, "en"),
                SegmentRule.all(List.of(SegmentRule.in(SegmentField.DISTRICT, List.of("昆都仑区")), SegmentRule.ageBetween(18, 40))),
                SegmentRule.any(List.of(SegmentRule.eq(SegmentField.OCCUPATION, "学生"),
                        SegmentRule.all(List.of(SegmentRule.ageBetween(65, 90), SegmentRule.eq(SegmentField.GENDER, "男"))))));
        SegmentAudience byDriver = SegmentAudience.create(segments, mongo, InProcessReads.none(), CLOCK, 100);
        SegmentAudience inProcess = SegmentAudience.create(segments, mongo, InProcessReads.of(store), CLOCK, 100);
        for (SegmentRule rule : rules) {
            String id = segments.save(new SegmentDraft("rule", null, rule, null, null), "test").id();
            try (Stream<Recipient> expected = byDriver.members(id); Stream<Recipient> actual = inProcess.members(id)) {
                List<Recipient> members = expected.toList();
                assertThat(members).as(rule.toString()).isNotEmpty().hasSizeLessThanOrEqualTo(hashes.size());
                assertThat(actual.toList()).as(rule.toString()).isEqualTo(members);
                assertThat(inProcess.count(id)).isEqualTo(members.size());
            }
        }
    }

    @Test
    void theDoNotContactListAndTheSendLogAnswerTheSameInProcess() {
        DoNotContactService byDriver = DoNotContactService.create(mongo, PhoneCrypto.withKey(new byte[32]), CLOCK, InProcessReads.none());
        DoNotContactService inProcess = DoNotContactService.create(mongo, PhoneCrypto.withKey(new byte[32]), CLOCK, InProcessReads.of(store));
        Deliveries logByDriver = Deliveries.create(mongo, e -> { }, CLOCK, InProcessReads.none());
        Deliveries logInProcess = Deliveries.create(mongo, e -> { }, CLOCK, InProcessReads.of(store));
        Instant since = CLOCK.instant().minusSeconds(7 * 86_400L);
        for (int from = 0; from < hashes.size(); from += 250) {
            List<String> batch = new ArrayList<>(hashes.subList(from, Math.min(hashes.size(), from + 250)));
            batch.add("not-a-hash");
            assertThat(inProcess.containingHashes(batch)).isNotEmpty().isEqualTo(byDriver.containingHashes(batch));
            assertThat(logInProcess.sendsSince(batch, since)).isNotEmpty().isEqualTo(logByDriver.sendsSince(batch, since));
        }
    }
}
