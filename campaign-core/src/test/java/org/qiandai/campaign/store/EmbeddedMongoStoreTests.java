package org.qiandai.campaign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps its data in one file and loses nothing that was written before a clean close. */
class EmbeddedMongoStoreTests {

    @TempDir
    Path dir;

    @Test
    void dataWrittenBeforeACleanCloseSurvivesARestart() {
        Path file = dir.resolve("data/qiandai.mv.db");
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(file);
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            client.getDatabase("qiandai").getCollection("things").insertOne(new Document("_id", "a").append("n", 1));
            // no explicit commit: close() must flush what the background commit has not yet written
        }
        assertThat(file).exists();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(file);
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            Document found = client.getDatabase("qiandai").getCollection("things").find().first();
            assertThat(found).isNotNull();
            assertThat(found.getInteger("n")).isEqualTo(1);
        }
    }

    @Test
    void listensOnLoopbackOnly() {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.inMemory()) {
            assertThat(store.connectionString("qiandai")).startsWith("mongodb://127.0.0.1:").endsWith("/qiandai");
        }
    }

    @Test
    void aUriWithoutDatabaseGetsTheDefaultOne() {
        assertThat(StoreConfiguration.insertDatabase("mongodb://h1:27017,h2:27017/?replicaSet=rs0"))
                .isEqualTo("mongodb://h1:27017,h2:27017/qiandai?replicaSet=rs0");
        assertThat(StoreConfiguration.insertDatabase("mongodb://h1:27017")).isEqualTo("mongodb://h1:27017/qiandai");
        assertThat(StoreConfiguration.insertDatabase("mongodb://h1:27017?w=majority")).isEqualTo("mongodb://h1:27017/qiandai?w=majority");
    }
}
