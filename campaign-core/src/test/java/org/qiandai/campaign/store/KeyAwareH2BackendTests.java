package org.qiandai.campaign.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key-aware backend answers every query exactly as the stock H2 backend does (the same data in both, the same
 * queries, the answers compared), and reads only the keys a query's {@code _id} allows.
 */
class KeyAwareH2BackendTests {

    private static final int DOCUMENTS = 3000;

    private KeyAwareH2Backend keyAware;
    private MongoServer keyAwareServer;
    private MongoServer stockServer;
    private MongoClient keyAwareClient;
    private MongoClient stockClient;
    private MongoCollection<Document> fast;
    private MongoCollection<Document> stock;

    @BeforeEach
    void twoStoresWithTheSameDocuments() {
        keyAware = new KeyAwareH2Backend(MVStore.open(null));
        keyAwareServer = new MongoServer(keyAware);
        stockServer = new MongoServer(H2Backend.inMemory());
        keyAwareClient = MongoClients.create("mongodb://" + address(keyAwareServer.bind()));
        stockClient = MongoClients.create("mongodb://" + address(stockServer.bind()));
        fast = keyAwareClient.getDatabase("t").getCollection("things");
        stock = stockClient.getDatabase("t").getCollection("things");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            // ids like delivery records' pushId:occurrence:contact, three pushes interleaved in key order
            docs.add(new Document("_id", "p" + (i % 3) + ":0:" + String.format("c%05d", i)).append("n", i)
                    .append("status", i % 4 == 0 ? "SENT" : "QUEUED").append("district", i % 2 == 0 ? "东河区" : "昆都仑区"));
        }
        // ids of other types sort apart from strings; a range of strings must never return them
        docs.add(new Document("_id", 42).append("n", -1).append("status", "QUEUED"));
        docs.add(new Document("_id", new ObjectId()).append("n", -2).append("status", "QUEUED"));
        docs.add(new Document("_id", "").append("n", -3).append("status", "QUEUED"));
        fast.insertMany(docs.stream().map(Document::new).toList());
        stock.insertMany(docs.stream().map(Document::new).toList());
    }

    @AfterEach
    void close() {
        keyAwareClient.close();
        stockClient.close();
        keyAwareServer.shutdownNow();
        stockServer.shutdownNow();
    }

    private static String address(java.net.InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void answersAsTheStockBackendDoes() {
        List<Bson> filters = List.of(
                and(eq("_id", "p1:0:c00004"), eq("status", "QUEUED")),
                and(eq("_id", "p1:0:c00004"), eq("status", "SENT")),
                and(eq("_id", "nope"), eq("status", "QUEUED")),
                and(in("_id", List.of("p0:0:c00003", "p2:0:c00002", "p0:0:c00000", "missing")), eq("status", "QUEUED")),
                and(gte("_id", "p1:0:"), lt("_id", "p1:0;"), eq("status", "QUEUED")),
                and(gt("_id", "p1:0:c01000"), lte("_id", "p1:0:c02000"), ne("district", "东河区")),
                and(gt("_id", "p2:"), eq("status", "QUEUED")),
                and(lt("_id", "p0:0:c00100")),
                and(gte("_id", ""), eq("status", "QUEUED")),
                and(gte("_id", "p0:0:c00009"), gte("_id", "p0:0:c00012"), lt("_id", "p0:0:c00100"), lt("_id", "p0:0:c00050")),
                and(gt("_id", "p0:0:c00009"), in("_id", List.of("p0:0:c00009", "p0:0:c00012"))),
                and(gt("_id", "z")),
                and(gt("_id", 10), eq("status", "QUEUED")),
                and(in("_id", List.of(42, "p0:0:c00000"))),
                or(eq("_id", "p0:0:c00000"), eq("n", 7)),
                new Document("_id", new Document("$gte", "p0:0:c00100").append("$ne", "p0:0:c00102")).append("n", new Document("$lt", 200)));
        List<Function<FindIterable<Document>, FindIterable<Document>>> shapes = List.of(
                f -> f,
                f -> f.sort(Sorts.ascending("_id")).limit(7),
                f -> f.sort(Sorts.descending("_id")).limit(7),
                f -> f.sort(Sorts.ascending("n")).skip(3).limit(5),
                f -> f.sort(new Document("$natural", 1)).limit(4),
                f -> f.skip(2).limit(3));
        for (Bson filter : filters) {
            for (Function<FindIterable<Document>, FindIterable<Document>> shape : shapes) {
                List<Document> expected = shape.apply(stock.find(filter)).into(new ArrayList<>());
                List<Document> actual = shape.apply(fast.find(filter)).into(new ArrayList<>());
                assertThat(actual).as("%s", filter.toBsonDocument()).isEqualTo(expected);
            }
        }
    }

    @Test
    void writesByKeyDoWhatTheStockBackendDoes() {
        for (MongoCollection<Document> c : List.of(stock, fast)) {
            c.updateOne(and(eq("_id", "p0:0:c00003"), in("status", List.of("QUEUED"))), Updates.set("status", "SENDING"));
            c.updateOne(and(eq("_id", "p0:0:c00000"), in("status", List.of("QUEUED"))), Updates.set("status", "SENDING")); // SENT: no change
            c.updateMany(and(gte("_id", "p2:0:"), lt("_id", "p2:0;"), eq("status", "QUEUED")), Updates.set("status", "CANCELLED"));
            c.deleteMany(and(gt("_id", "p1:0:c01000"), eq("district", "东河区")));
            c.findOneAndUpdate(and(gte("_id", "p0:"), eq("status", "QUEUED")), Updates.set("status", "CLAIMED"),
                    new FindOneAndUpdateOptions().sort(Sorts.ascending("_id")).returnDocument(ReturnDocument.AFTER));
        }
        assertThat(fast.find().into(new ArrayList<>())).isEqualTo(stock.find().into(new ArrayList<>()));
    }

    @Test
    void keysetPagingReadsEachDocumentOnceNotTheCollectionPerPage() {
        long before = keyAware.keyedReads();
        String after = "p1:0:";
        int pages = 0;
        int seen = 0;
        while (true) {
            List<Document> page = fast.find(and(gt("_id", after), lt("_id", "p1:0;"))).sort(Sorts.ascending("_id")).limit(50)
                    .into(new ArrayList<>());
            if (page.isEmpty()) {
                break;
            }
            pages++;
            seen += page.size();
            after = page.get(page.size() - 1).getString("_id");
        }
        assertThat(seen).isEqualTo(DOCUMENTS / 3);
        assertThat(pages).isEqualTo(DOCUMENTS / 3 / 50);
        // each page reads its 50 (the last also finds the range's end): about one read per document, where a
        // scan per page would read the whole collection 20 times
        assertThat(keyAware.keyedReads() - before).isBetween((long) DOCUMENTS / 3, (long) DOCUMENTS / 3 + pages);
    }

    @Test
    void aConditionalUpdateByIdReadsOneDocument() {
        long before = keyAware.keyedReads();
        fast.updateOne(and(eq("_id", "p0:0:c00003"), in("status", List.of("QUEUED"))), Updates.set("status", "SENDING"));
        assertThat(keyAware.keyedReads() - before).isEqualTo(1);
        assertThat(fast.find(eq("_id", "p0:0:c00003")).first().getString("status")).isEqualTo("SENDING");
    }
}
