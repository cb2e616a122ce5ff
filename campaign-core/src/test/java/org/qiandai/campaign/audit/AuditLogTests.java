package org.qiandai.campaign.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.pushes.PlannerFakes.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The audit trail on the embedded store: ids that sort as time does, newest-first pages that walk back across long
 * quiet stretches, filters by user, action (exact or {@code campaign.*}) and period, entries of an earlier version
 * adopted, and no way to change or delete an entry.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class AuditLogTests {

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Autowired
    MongoTemplate mongo;

    final MutableClock clock = new MutableClock(T0, ZoneId.of("Asia/Shanghai"));
    AuditLog audit;

    @BeforeEach
    void empty() {
        mongo.getCollection(AuditLog.COLLECTION).drop();
        audit = new AuditLog(mongo, clock);
    }

    @Test
    void pagesNewestFirstAcrossQuietStretches() {
        List<String> written = new ArrayList<>();
        // bursts a minute apart, then a month of silence, then more: the windows must widen to find the old ones
        for (int i = 0; i < 30; i++) {
            clock.set(T0.plus(Duration.ofMinutes(i)));
            written.add(audit.record(i % 3 == 0 ? "ana" : "pub", i % 2 == 0 ? "campaign.approve" : "segment.save", "campaign", "c" + i, null, "10.0.0.1").id());
        }
        for (int i = 0; i < 5; i++) {
            clock.set(T0.plus(Duration.ofDays(29)).plus(Duration.ofSeconds(i)));
            written.add(audit.record("admin", "user.create", "user", "u" + i, null, "10.0.0.2").id());
        }
        assertThat(written).isSorted();
        List<String> newestFirst = new ArrayList<>(written);
        java.util.Collections.reverse(newestFirst);

        List<String> read = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            AuditPage page = audit.search(new AuditQuery(null, null, null, null, before, 4));
            page.content().forEach(e -> read.add(e.id()));
            before = page.next();
            pages++;
        } while (before != null);
        assertThat(read).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(9);

        assertThat(audit.search(new AuditQuery("ana", null, null, null, null, 100)).content())
                .hasSize(10).allMatch(e -> e.actor().equals("ana"));
        assertThat(audit.search(new AuditQuery(null, "campaign.*", null, null, null, 100)).content())
                .hasSize(15).allMatch(e -> e.action().equals("campaign.approve"));
        assertThat(audit.search(new AuditQuery(null, "campaign", null, null, null, 100)).content()).isEmpty();
        // from inclusive, to exclusive
        AuditPage period = audit.search(new AuditQuery(null, null, T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)), null, 100));
        assertThat(period.content()).extracting(AuditEntry::objectId).containsExactly("c19", "c18", "c17", "c16", "c15", "c14", "c13", "c12", "c11", "c10");
        assertThat(period.next()).isNull();
    }

    @Test
    void entriesOfTheSameMillisecondKeepTheOrderTheyWereWrittenIn() {
        clock.set(T0);
        for (int i = 0; i < 20; i++) {
            audit.record("pager", "test.page", "thing", "t" + i, null, "127.0.0.1");
        }
        assertThat(audit.search(new AuditQuery("pager", null, null, null, null, 100)).content()).extracting(AuditEntry::objectId)
                .containsExactly("t19", "t18", "t17", "t16", "t15", "t14", "t13", "t12", "t11", "t10",
                        "t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2", "t1", "t0");
    }

    @Test
    void adoptsEntriesOfAnEarlierVersion() {
        mongo.getCollection(AuditLog.COLLECTION).insertOne(new Document("_id", "f47ac10b-58cc-4372-a567-0e02b2c3d479")
                .append("at", Date.from(T0)).append("actor", "pub").append("action", "contact.reveal").append("objectType", "contact")
                .append("objectId", "x").append("remoteAddress", "127.0.0.1"));
        clock.set(T0.plusSeconds(60));
        audit.record("admin", "user.create", "user", "ana", null, "127.0.0.1");

        AuditLog restarted = new AuditLog(mongo, clock);

        List<AuditEntry> all = restarted.latest(10);
        assertThat(all).extracting(AuditEntry::action).containsExactly("user.create", "contact.reveal");
        assertThat(all.get(1).id()).startsWith("t2026-11-01T00:00:00.000Z-");
        assertThat(mongo.getCollection(AuditLog.COLLECTION).countDocuments()).isEqualTo(2);
    }

    @Test
    void refusesACursorThatIsNoEntryId() {
        assertThatThrownBy(() -> audit.search(new AuditQuery(null, null, null, null, "x\"}", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
    }

    @Test
    void offersNoWayToChangeOrDeleteAnEntry() {
        List<String> publicMethods = Arrays.stream(AuditLog.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).sorted().toList();
        assertThat(publicMethods).containsExactly("about", "latest", "record", "search");
    }
}
