package org.qiandai.campaign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.MongoDbTestStore;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The embedded store's backup restored into a real MongoDB (in a container) and backed up from there again: the same
 * documents byte for byte, indexes created. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class StoreBackupMongoDbTests {

    @TempDir
    Path dir;

    @Test
    void embeddedToMongoDbAndBack() {
        Path source = dir.resolve("source");
        Map<String, Map<String, byte[]>> before;
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(source.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            StoreBackupTests.fill(client.getDatabase("qiandai"));
            before = StoreBackupTests.documents(client.getDatabase("qiandai"));
        }
        List<String> err = new ArrayList<>();
        Path archive = dir.resolve("a.zip");
        assertThat(BackupCommand.run(new String[] {"backup", archive.toString(), "--qiandai.data-dir=" + source}, line -> { }, err::add, Map.of())).isZero();

        String uri = new ConnectionString(MongoDbTestStore.connectionString()).getConnectionString()
                .replace("/" + org.qiandai.campaign.EmbeddedTestStore.DATABASE, "/backup-roundtrip");
        assertThat(BackupCommand.run(new String[] {"restore", archive.toString()}, line -> { }, err::add, Map.of("MONGODB_URI", uri)))
                .as(String.join("\n", err)).isZero();
        try (MongoClient client = MongoClients.create(uri)) {
            StoreBackupTests.assertSameDocuments(before, StoreBackupTests.documents(client.getDatabase("backup-roundtrip")));
            List<String> indexes = new ArrayList<>();
            client.getDatabase("backup-roundtrip").getCollection("things").listIndexes().forEach(index -> indexes.add(index.getString("name")));
            assertThat(indexes).contains("code_1", "expiresAt_1");
        }
        assertThat(BackupCommand.run(new String[] {"restore", archive.toString()}, line -> { }, err::add, Map.of("MONGODB_URI", uri))).isEqualTo(1);
        Path again = dir.resolve("again.zip");
        assertThat(BackupCommand.run(new String[] {"backup", again.toString()}, line -> { }, err::add, Map.of("MONGODB_URI", uri))).isZero();
        Path target = dir.resolve("target");
        assertThat(BackupCommand.run(new String[] {"restore", again.toString(), "--qiandai.data-dir=" + target}, line -> { }, err::add, Map.of())).isZero();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(target.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            StoreBackupTests.assertSameDocuments(before, StoreBackupTests.documents(client.getDatabase("qiandai")));
        }
    }
}
