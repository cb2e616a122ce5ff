package org.qiandai.campaign.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore on the embedded store, through the command the jar runs: every type comes back byte for byte,
 * GridFS buckets and indexes included; a non-empty store, a corrupted or oversized archive are refused before anything
 * is written.
 */
class StoreBackupTests {

    @TempDir
    Path dir;

    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    @Test
    void everyTypeRoundTripsExactlyThroughTheCommand() throws IOException {
        Path source = dir.resolve("source");
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(source.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            fill(client.getDatabase("qiandai"));
        }
        Map<String, Map<String, byte[]>> before = read(source);
        Path archive = dir.resolve("out/backup.zip");

        assertThat(run("backup", archive.toString(), "--qiandai.data-dir=" + source)).as(String.join("\n", err)).isZero();
        assertThat(out).anyMatch(line -> line.contains("NOT in it") && line.contains("qiandai.key") || line.contains("NOT in it"));
        assertThat(archive).exists();
        assertThat(dir.resolve("out/backup.zip.part")).doesNotExist();

        Path target = dir.resolve("target");
        assertThat(run("restore", archive.toString(), "--qiandai.data-dir=" + target)).as(String.join("\n", err)).isZero();

        Map<String, Map<String, byte[]>> after = read(target);
        assertSameDocuments(before, after);
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(target.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            MongoDatabase db = client.getDatabase("qiandai");
            List<String> indexes = new ArrayList<>();
            db.getCollection("things").listIndexes().forEach(index -> indexes.add(index.getString("name")));
            assertThat(indexes).contains("code_1");
            Document unique = db.getCollection("things").listIndexes().into(new ArrayList<>()).stream()
                    .filter(index -> index.getString("name").equals("code_1")).findFirst().orElseThrow();
            assertThat(unique.getBoolean("unique")).isTrue();
            byte[] file = GridFSBuckets.create(db, "reports").openDownloadStream("report.bin").readAllBytes();
            assertThat(file).hasSize(600_000).startsWith((byte) 0, (byte) 1, (byte) 2);
        }
    }

    @Test
    void aStoreThatHoldsDocumentsIsRefusedAndLeftAsItWas() {
        Path source = dir.resolve("source");
        Path target = dir.resolve("target");
        write(source, db -> db.getCollection("a").insertOne(new Document("_id", "x")));
        write(target, db -> db.getCollection("existing").insertOne(new Document("_id", "keep")));
        Path archive = dir.resolve("b.zip");
        assertThat(run("backup", archive.toString(), "--qiandai.data-dir=" + source)).isZero();

        assertThat(run("restore", archive.toString(), "--qiandai.data-dir=" + target)).isEqualTo(1);
        assertThat(String.join("\n", err)).contains("not empty").contains("'existing'").contains("nothing was written");
        assertThat(read(target)).containsOnlyKeys("existing");
    }

    @Test
    void aCorruptedArchiveIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path source = dir.resolve("source");
        write(source, db -> {
            db.getCollection("a").insertOne(new Document("_id", "x").append("n", 1));
            db.getCollection("b").insertOne(new Document("_id", "y").append("n", 2));
        });
        Path archive = dir.resolve("b.zip");
        assertThat(run("backup", archive.toString(), "--qiandai.data-dir=" + source)).isZero();
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + archive.toUri()), Map.of())) {
            byte[] raw = Files.readAllBytes(zip.getPath("collections/b.bson"));
            raw[raw.length - 2] ^= 1; // one bit of the last value
            Files.write(zip.getPath("collections/b.bson"), raw);
        }
        Path target = dir.resolve("target");
        assertThat(run("restore", archive.toString(), "--qiandai.data-dir=" + target)).isEqualTo(1);
        assertThat(String.join("\n", err)).contains("collections/b.bson").contains("SHA-256");
        assertThat(read(target)).isEmpty();
    }

    @Test
    void limitsAndBadInputAreExplicit() throws IOException {
        Path source = dir.resolve("source");
        write(source, db -> db.getCollection("a").insertOne(new Document("_id", "x").append("text", "y".repeat(2000))));
        assertThat(run("backup", dir.resolve("b.zip").toString(), "--qiandai.data-dir=" + source, "--max-size=1KB")).isEqualTo(1);
        assertThat(String.join("\n", err)).contains("archive limit of 1024 bytes").contains("--max-size");
        assertThat(dir.resolve("b.zip")).doesNotExist();

        Files.writeString(dir.resolve("not.zip"), "hello");
        assertThat(run("restore", dir.resolve("not.zip").toString(), "--qiandai.data-dir=" + dir.resolve("t"))).isEqualTo(1);
        assertThat(String.join("\n", err)).contains("not a zip archive");

        assertThat(run("backup", dir.resolve("c.zip").toString(), "--qiandai.data-dir=" + dir.resolve("nothing-here"))).isEqualTo(1);
        assertThat(String.join("\n", err)).contains("no embedded store at");
        assertThat(run("backup")).isEqualTo(2);
    }

    private int run(String... args) {
        out.clear();
        err.clear();
        return BackupCommand.run(args, out::add, err::add, Map.of());
    }

    /** Documents of every BSON type the application writes, a unique index, a TTL index and a GridFS file. */
    static void fill(MongoDatabase db) {
        db.getCollection("things").createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
        db.getCollection("things").createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(3600L, java.util.concurrent.TimeUnit.SECONDS));
        List<BsonDocument> things = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            things.add(new BsonDocument("_id", new BsonString("t-" + i))
                    .append("code", new BsonInt32(i))
                    .append("long", new BsonInt64(1L << 40 | i))
                    .append("small long", new BsonInt64(i))
                    .append("double", new BsonDouble(i / 3.0))
                    .append("decimal", new BsonDecimal128(new Decimal128(new BigDecimal("12345.67" + i))))
                    .append("at", new BsonDateTime(1_764_554_400_123L + i))
                    .append("binary", new BsonBinary(new byte[] {1, 2, (byte) i}))
                    .append("uuid", new BsonBinary(BsonBinarySubType.UUID_STANDARD, uuidBytes(new UUID(i, i))))
                    .append("nothing", BsonNull.VALUE)
                    .append("nested", new BsonDocument("b", new BsonInt32(2)).append("a", new BsonDocument("deep", new BsonString("东河区"))))
                    .append("list", new org.bson.BsonArray(List.of(new BsonInt32(1), new BsonInt64(1), new BsonString("1")))));
        }
        db.getCollection("things", BsonDocument.class).insertMany(things);
        db.getCollection("objectIds").insertOne(new Document("_id", new ObjectId()).append("at", new java.util.Date(0)));
        db.getCollection("numericIds").insertOne(new Document("_id", 42L).append("v", 1));
        db.getCollection("empty").insertOne(new Document("_id", "gone"));
        db.getCollection("empty").deleteMany(new Document());
        byte[] content = new byte[600_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        GridFSBuckets.create(db, "reports").uploadFromStream("report.bin", new ByteArrayInputStream(content));
    }

    private static byte[] uuidBytes(UUID uuid) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return buffer.array();
    }

    private static void write(Path dataDir, java.util.function.Consumer<MongoDatabase> writes) {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            writes.accept(client.getDatabase("qiandai"));
        }
    }

    /** Every collection's documents as raw BSON by their _id's JSON. */
    private static Map<String, Map<String, byte[]>> read(Path dataDir) {
        if (!Files.exists(dataDir.resolve("qiandai.mv.db"))) {
            return Map.of();
        }
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            return documents(client.getDatabase("qiandai"));
        }
    }

    static Map<String, Map<String, byte[]>> documents(MongoDatabase db) {
        Map<String, Map<String, byte[]>> all = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            Map<String, byte[]> documents = new TreeMap<>();
            for (RawBsonDocument document : db.getCollection(name, RawBsonDocument.class).find()) {
                byte[] raw = new byte[document.getByteBuffer().remaining()];
                document.getByteBuffer().asNIO().get(raw);
                documents.put(new BsonDocument("_id", document.get("_id")).toJson(), raw);
            }
            if (!documents.isEmpty()) {
                all.put(name, documents);
            }
        }
        return all;
    }

    static void assertSameDocuments(Map<String, Map<String, byte[]>> before, Map<String, Map<String, byte[]>> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((collection, documents) -> {
            assertThat(after.get(collection).keySet()).as(collection).isEqualTo(documents.keySet());
            documents.forEach((id, raw) -> assertThat(after.get(collection).get(id))
                    .as("%s %s: %s", collection, id, new RawBsonDocument(raw).toJson()).isEqualTo(raw));
        });
    }
}
