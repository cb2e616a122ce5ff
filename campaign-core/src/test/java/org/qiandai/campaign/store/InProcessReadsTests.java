package org.qiandai.campaign.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Reads made in process give what the same query through the driver gives: the same documents in the same order,
 * with the same values (types included), for filters of every kind the callers build.
 */
class InProcessReadsTests {

    static EmbeddedMongoStore store;
    static MongoClient client;
    static MongoTemplate mongo;
    static InProcessReads reads;

    @BeforeAll
    static void start() {
        store = EmbeddedMongoStore.inMemory();
        client = MongoClients.create(store.connectionString("reads"));
        mongo = new MongoTemplate(client, "reads");
        reads = InProcessReads.of(store);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Document d = new Document("_id", String.format("k%04d", (i * 7919) % 500)).append("n", i % 17).append("district", "d" + i % 5)
                    .append("flag", i % 3 == 0).append("at", new Date(1_700_000_000_000L + i * 60_000L))
                    .append("sends", List.of(new Document("at", new Date(1_700_000_000_000L + i)).append("push", "p" + i % 4)));
            if (i % 4 != 0) {
                d.append("language", i % 2 == 0 ? "en" : "zh-CN");
            }
            docs.add(d);
        }
        mongo.getCollection("things").insertMany(docs);
        mongo.getCollection("things").insertOne(new Document("_id", 42).append("n", 1)); // not a string id: never read in id order
    }

    @AfterAll
    static void stop() {
        client.close();
        store.close();
    }

    @Test
    void readsInIdOrderWhatTheDriverFindsForEveryKindOfFilter() {
        List<Bson> filters = List.of(new Document(), Filters.eq("district", "d3"), Filters.in("district", List.of("d1", "d4")),
                Filters.and(Filters.gte("n", 3), Filters.lte("n", 9)), Filters.or(Filters.eq("flag", true), Filters.eq("language", "en")),
                Filters.exists("language", false), Filters.ne("language", "zh-CN"), Filters.gt("at", new Date(1_700_000_000_000L + 200 * 60_000L)),
                Filters.and(Filters.in("district", List.of("d0", "d2")), Filters.or(Filters.lt("n", 4), Filters.eq("language", "en"))),
                Filters.elemMatch("sends", Filters.eq("push", "p2")), Filters.regex("district", "^d[12]$"));
        Set<String> fields = Set.of("_id", "n", "district", "language", "flag", "at");
        for (Bson filter : filters) {
            List<Document> byDriver = mongo.getCollection("things").find(Filters.and(filter, Filters.type("_id", "string")))
                    .projection(Projections.include(List.copyOf(fields))).sort(Sorts.ascending("_id")).into(new ArrayList<>());
            try (Stream<Document> inProcess = reads.inIdOrder(mongo, "things", filter, fields)) {
                assertThat(inProcess.toList()).as(filter.toString()).isNotEmpty().isEqualTo(byDriver);
            }
        }
    }

    @Test
    void looksUpIdsAsTheDriverDoesWithNestedValuesInTheDriversTypes() {
        List<String> ids = List.of("k0007", "k0100", "missing", "k0499");
        List<Document> found = reads.withIds(mongo, "things", ids, Set.of("sends", "at"));
        List<Document> byDriver = mongo.getCollection("things").find(Filters.in("_id", ids)).projection(Projections.include("sends", "at"))
                .into(new ArrayList<>());
        assertThat(found).hasSize(3).containsExactlyInAnyOrderElementsOf(byDriver);
        assertThat(found.get(0).getList("sends", Document.class).get(0).get("at")).isInstanceOf(Date.class);
    }

    @Test
    void valuesOfTheRarerTypesArriveAsTheDriverDecodesThem() {
        ObjectId objectId = new ObjectId();
        Document odd = new Document("_id", "odd").append("oid", objectId).append("dec", Decimal128.parse("12.50"))
                .append("bin", new Binary(new byte[] {1, 2, 3})).append("long", 5_000_000_000L).append("none", null);
        mongo.getCollection("odd").insertOne(odd);
        assertThat(reads.withIds(mongo, "odd", List.of("odd"), Set.of("oid", "dec", "bin", "long", "none")))
                .containsExactly(mongo.getCollection("odd").find().first());
    }

    @Test
    void aMissingCollectionHasNothingAndWithoutAnEmbeddedStoreThereAreNoReads() {
        assertThat(reads.inIdOrder(mongo, "nothing-here", new Document(), Set.of())).isEmpty();
        assertThat(reads.withIds(mongo, "nothing-here", List.of("a"), Set.of())).isEmpty();
        assertThat(InProcessReads.none().available()).isFalse();
        assertThat(InProcessReads.of(null).available()).isFalse();
        assertThatThrownBy(() -> InProcessReads.none().withIds(mongo, "things", List.of("k0001"), Set.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLongStreamSeesWhatChangesAheadOfItLikePagesThroughTheDriverWould() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 3 * InProcessReads.KEYS_PER_VIEW; i++) {
            docs.add(new Document("_id", String.format("g%05d", i)).append("n", i));
        }
        mongo.getCollection("growing").insertMany(docs);
        try (Stream<Document> stream = reads.inIdOrder(mongo, "growing", new Document(), Set.of("n"))) {
            var read = stream.iterator();
            assertThat(read.next().getString("_id")).isEqualTo("g00000");
            // past the first view: an id added ahead is read, one removed ahead is not
            mongo.getCollection("growing").insertOne(new Document("_id", "g02000x").append("n", -1));
            mongo.getCollection("growing").deleteOne(Filters.eq("_id", "g02100"));
            List<String> ids = new ArrayList<>();
            read.forEachRemaining(d -> ids.add(d.getString("_id")));
            assertThat(ids).contains("g02000x").doesNotContain("g02100").doesNotHaveDuplicates().isSorted()
                    .hasSize(3 * InProcessReads.KEYS_PER_VIEW - 1);
        }
    }

    @Test
    void aDocumentChangedInPlaceByTheServerIsNeverReadHalfChanged() throws Exception {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(new Document("_id", String.format("t%04d", i)).append("district", "A").append("copy", "A"));
        }
        mongo.getCollection("torn").insertMany(docs);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int k = 0; !stop.get(); k++) {
                String to = k % 2 == 0 ? "B" : "A";
                // one update sets both fields: a reader must see both old or both new
                mongo.getCollection("torn").updateMany(new Document(), new Document("$set", new Document("district", to).append("copy", to)));
            }
        });
        writer.start();
        try {
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until) {
                try (Stream<Document> stream = reads.inIdOrder(mongo, "torn", Filters.eq("district", "A"), Set.of("district", "copy"))) {
                    stream.forEach(d -> assertThat(d.getString("copy")).as(d.toJson()).isEqualTo("A").isEqualTo(d.getString("district")));
                }
                for (Document d : reads.withIds(mongo, "torn", List.of("t0001", "t0150", "t0299"), Set.of("district", "copy"))) {
                    assertThat(d.getString("copy")).as(d.toJson()).isEqualTo(d.getString("district"));
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
    }
}
