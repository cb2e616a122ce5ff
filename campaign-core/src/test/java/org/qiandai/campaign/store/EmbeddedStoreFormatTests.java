package org.qiandai.campaign.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's file format: documents kept as BSON and the {@code _id} index answered from the documents'
 * map ({@link BsonDocumentType}, {@link StringIdIndex}) give back every value type exactly after a restart, refuse
 * duplicate ids as MongoDB does, and read a data file that mongo-java-server's stock H2 backend wrote.
 */
class EmbeddedStoreFormatTests {

    @TempDir
    Path dir;

    private static Document everyType(Object id) {
        return new Document("_id", id).append("text", "东河区的居民：警惕养老投资骗局 ✓").append("int", 42).append("long", 1L << 40)
                .append("double", 0.1).append("yes", true).append("nothing", null).append("when", new Date(1_764_000_000_000L))
                .append("nested", new Document("a", List.of(1, "two", new Document("three", 3.0))).append("empty", new Document()))
                .append("list", List.of("x", "y")).append("oid", new ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("bytes", new Binary(new byte[] {0, 1, 2, (byte) 255})).append("money", new Decimal128(new BigDecimal("86000.50")));
    }

    private void withStore(Path file, boolean keyAware, Consumer<MongoCollection<Document>> work) {
        MVStore mvStore = MVStore.open(file.toString());
        H2Backend backend = keyAware ? new KeyAwareH2Backend(mvStore) : new H2Backend(mvStore);
        MongoServer server = new MongoServer(backend);
        var address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            work.accept(client.getDatabase("qiandai").getCollection("things"));
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void everyValueTypeComesBackExactlyAfterARestart() {
        Path file = dir.resolve("format.mv.db");
        List<Document> written = List.of(everyType("a"), everyType("b:0:x"), everyType(7), everyType(new ObjectId()));
        withStore(file, true, things -> things.insertMany(written.stream().map(Document::new).toList()));
        withStore(file, true, things -> {
            assertThat(things.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrderElementsOf(written);
            assertThat(things.find(eq("_id", "b:0:x")).first()).isEqualTo(written.get(1));
            assertThat(things.find(eq("_id", 7)).first()).isEqualTo(written.get(2));
        });
    }

    @Test
    void documentsAreWrittenAsBsonAndReadBack() {
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document("_id", "p:0:c").append("status", "QUEUED")
                .append("at", java.time.Instant.ofEpochMilli(1_764_000_000_000L)).append("n", 3).append("list", List.of("a", 1L))
                .append("nested", new de.bwaldvogel.mongo.bson.Document("x", 1.5));
        BsonDocumentType type = new BsonDocumentType();
        org.h2.mvstore.WriteBuffer buffer = new org.h2.mvstore.WriteBuffer();
        type.write(buffer, document);
        java.nio.ByteBuffer written = buffer.getBuffer().flip();
        assertThat(written.get(0)).isEqualTo(BsonDocumentType.TAG_BSON_DOCUMENT);
        assertThat(type.read(written)).isEqualTo(document);
        assertThat(written.remaining()).isZero();
    }

    @Test
    void aUniqueIndexFindsAndRefusesByValue() {
        withStore(dir.resolve("unique.mv.db"), true, things -> {
            things.createIndex(Indexes.ascending("providerId"), new IndexOptions().name("providerId").unique(true).sparse(true));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                docs.add(i % 5 == 0 ? new Document("_id", "d" + i) : new Document("_id", "d" + i).append("providerId", i % 7 == 0 ? i : "SM" + i));
            }
            things.insertMany(docs);
            assertThat(things.find(eq("providerId", "SM401")).first().getString("_id")).isEqualTo("d401");
            assertThat(things.find(eq("providerId", 77)).first().getString("_id")).isEqualTo("d77");
            assertThat(things.find(eq("providerId", 77L)).first().getString("_id")).isEqualTo("d77"); // numbers compare by value
            assertThat(things.find(com.mongodb.client.model.Filters.in("providerId", List.of("SM1", "SM2", "nope"))).into(new ArrayList<>())).hasSize(2);
            for (Object taken : List.of("SM401", 77, 77.0)) {
                assertThatThrownBy(() -> things.updateOne(eq("_id", "d0"), Updates.set("providerId", taken))).as("%s", taken)
                        .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            }
            things.deleteOne(eq("_id", "d401"));
            things.updateOne(eq("_id", "d0"), Updates.set("providerId", "SM401"));
            assertThat(things.find(eq("providerId", "SM401")).first().getString("_id")).isEqualTo("d0");
        });
    }

    @Test
    void duplicateIdsAreRefusedWithMongoDbsCode() {
        withStore(dir.resolve("dup.mv.db"), true, things -> {
            things.insertOne(new Document("_id", "x"));
            things.insertOne(new Document("_id", 1));
            for (Object id : List.of("x", 1, 1L, 1.0)) {
                assertThatThrownBy(() -> things.insertOne(new Document("_id", id))).as("%s", id)
                        .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            }
            things.deleteOne(eq("_id", "x"));
            things.insertOne(new Document("_id", "x").append("again", true));
            assertThat(things.countDocuments()).isEqualTo(2);
        });
    }

    @Test
    void readsAndChangesAFileTheStockBackendWrote() {
        Path file = dir.resolve("stock.mv.db");
        List<Document> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            written.add(new Document("_id", String.format("p1:0:c%04d", i)).append("status", "QUEUED").append("n", i));
        }
        written.add(everyType(99));
        IndexOptions providerIdIndex = new IndexOptions().name("providerId").unique(true).sparse(true);
        withStore(file, false, things -> {
            things.createIndex(Indexes.ascending("providerId"), providerIdIndex);
            things.insertMany(written.stream().map(Document::new).toList());
            things.updateOne(eq("_id", "p1:0:c0010"), Updates.set("providerId", "SM10"));
        });
        written.get(10).append("providerId", "SM10");

        Function<MongoCollection<Document>, List<Document>> all = c -> c.find().into(new ArrayList<>());
        withStore(file, true, things -> {
            things.createIndex(Indexes.ascending("providerId"), providerIdIndex); // as the application does at every start
            assertThat(all.apply(things)).containsExactlyInAnyOrderElementsOf(written);
            // the unique index, rebuilt in its own order from the documents, still finds and still refuses
            assertThat(things.find(eq("providerId", "SM10")).first().getString("_id")).isEqualTo("p1:0:c0010");
            assertThatThrownBy(() -> things.updateOne(eq("_id", "p1:0:c0011"), Updates.set("providerId", "SM10")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            things.updateOne(eq("_id", "p1:0:c0011"), Updates.set("providerId", "SM11"));
            assertThat(things.find(gte("_id", "p1:0:c0290")).into(new ArrayList<>())).hasSize(10);
            // ids already stored are still unique, whichever index knew them
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "p1:0:c0001")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            assertThatThrownBy(() -> things.insertOne(new Document("_id", 99)))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            things.updateOne(eq("_id", "p1:0:c0002"), Updates.set("status", "SENT"));
            things.deleteOne(eq("_id", "p1:0:c0003"));
            things.insertOne(new Document("_id", "p1:0:c0003").append("status", "QUEUED").append("n", -3));
        });
        withStore(file, true, things -> {
            things.createIndex(Indexes.ascending("providerId"), providerIdIndex);
            assertThat(things.find(eq("providerId", "SM11")).first().getString("_id")).isEqualTo("p1:0:c0011");
            assertThatThrownBy(() -> things.updateOne(eq("_id", "p1:0:c0012"), Updates.set("providerId", "SM10")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            assertThat(things.countDocuments()).isEqualTo(301);
            assertThat(things.find(eq("_id", "p1:0:c0002")).first().getString("status")).isEqualTo("SENT");
            assertThat(things.find(eq("_id", "p1:0:c0003")).first().getInteger("n")).isEqualTo(-3);
            assertThat(things.find(eq("_id", 99)).first()).isEqualTo(written.get(300));
        });
    }
}
