package org.qiandai.web.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.QiandaiApplication;
import org.qiandai.analytics.AnalyticsRebuild;
import org.qiandai.campaign.store.BackupCommand;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application writes its demo data (cases, a year of campaigns, pushes, deliveries, partner reports, reach
 * counters, GridFS …) into an embedded store on file; after it stops, {@code backup} writes it to an archive and
 * {@code restore} puts it into a new data directory: every collection, every document, byte for byte.
 */
class DemoBackupRoundTripTests {

    @TempDir
    Path dir;

    @Test
    void theDemoDataRoundTripsExactly() {
        Path source = dir.resolve("source");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(QiandaiApplication.class).run(
                "--server.port=0", "--qiandai.data-dir=" + source, "--qiandai.demo.cases=600", "--qiandai.demo.people=400",
                "--qiandai.demo.deliveries=1500", "--qiandai.analytics.rebuild-when-needed=false",
                "--qiandai.channels.dispatch.enabled=false", "--qiandai.pushes.scheduler.enabled=false",
                "--qiandai.analytics.schedules.enabled=false", "--qiandai.warning.escalation.enabled=false")) {
            app.getBean(AnalyticsRebuild.class).rebuild();
        }
        Map<String, Map<String, byte[]>> before = read(source);
        assertThat(before).containsKeys("cases", "contacts", "deliveries", "campaigns", "pushes", "users");
        assertThat(before.keySet().stream().filter(name -> name.startsWith("analytics_"))).isNotEmpty();

        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        Path archive = dir.resolve("qiandai-backup.zip");
        assertThat(BackupCommand.run(new String[] {"backup", archive.toString(), "--qiandai.data-dir=" + source}, out::add, err::add, Map.of()))
                .as(String.join("\n", err)).isZero();
        assertThat(String.join("\n", out)).contains("qiandai.key").contains("NOT in it");

        Path target = dir.resolve("restored");
        assertThat(BackupCommand.run(new String[] {"restore", archive.toString(), "--qiandai.data-dir=" + target}, out::add, err::add, Map.of()))
                .as(String.join("\n", err)).isZero();
        Map<String, Map<String, byte[]>> after = read(target);

        assertThat(after.keySet()).isEqualTo(before.keySet());
        long documents = 0;
        for (var collection : before.entrySet()) {
            Map<String, byte[]> restored = after.get(collection.getKey());
            assertThat(restored.keySet()).as(collection.getKey()).isEqualTo(collection.getValue().keySet());
            for (var document : collection.getValue().entrySet()) {
                assertThat(restored.get(document.getKey())).as("%s %s", collection.getKey(), document.getKey()).isEqualTo(document.getValue());
                documents++;
            }
        }
        assertThat(documents).isGreaterThan(2500);
        assertThat(Files.exists(target.resolve("qiandai.key"))).as("the key is never in the archive").isFalse();
    }

    private static Map<String, Map<String, byte[]>> read(Path dataDir) {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            MongoDatabase db = client.getDatabase("qiandai");
            Map<String, Map<String, byte[]>> all = new TreeMap<>();
            for (String name : db.listCollectionNames()) {
                Map<String, byte[]> documents = new TreeMap<>();
                for (RawBsonDocument document : db.getCollection(name, RawBsonDocument.class).find()) {
                    byte[] raw = new byte[document.getByteBuffer().remaining()];
                    document.getByteBuffer().asNIO().get(raw);
                    documents.put(new BsonDocument("_id", document.get("_id")).toJson(), raw);
                }
                all.put(name, documents);
            }
            return all;
        }
    }
}
