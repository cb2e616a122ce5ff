package org.qiandai.campaign.store;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes every collection of a database (GridFS buckets' {@code .files} and {@code .chunks} included) to one zip
 * archive, and restores such an archive into an empty database. The archive holds {@code manifest.json} (format,
 * version, when, and per collection its file, document count, byte size, SHA-256 and indexes as canonical Extended
 * JSON) and one {@code collections/<name>.bson} per collection: the documents as raw BSON, one after another (the
 * format {@code mongodump} writes), so every type — dates, binary, Decimal128, 32- and 64-bit integers, nested
 * documents, field order — comes back byte for byte. Restoring checks the whole archive (sizes, counts, checksums,
 * every document's framing) before it writes anything, refuses a database that holds any document, and drops what it
 * wrote if it fails part-way.
 */
public final class StoreBackup {

    /** The archive format's name and version in the manifest. */
    public static final String FORMAT = "qiandai-backup";
    public static final int VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String DIRECTORY = "collections/";
    /** MongoDB's largest document (16 MiB) plus its command overhead: a longer length prefix is a broken archive. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 + 16 * 1024;
    private static final int BATCH_DOCUMENTS = 1000;
    private static final int BATCH_BYTES = 8 * 1024 * 1024;
    private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final long maxBytes;
    private final Consumer<String> progress;

    /**
     * @param maxBytes the most BSON bytes (uncompressed, all collections together) an archive may hold, written or read
     * @param progress told one line per collection
     */
    public StoreBackup(long maxBytes, Consumer<String> progress) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("max size must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    /** What one collection of an archive holds. */
    public record CollectionEntry(String name, String file, long documents, long bytes, String sha256, List<BsonDocument> indexes) {
    }

    /** An archive's manifest. */
    public record Manifest(String format, int version, Instant createdAt, String database, String source, List<CollectionEntry> collections) {

        public long documents() {
            return collections.stream().mapToLong(CollectionEntry::documents).sum();
        }

        public long bytes() {
            return collections.stream().mapToLong(CollectionEntry::bytes).sum();
        }
    }

    /** A refused backup or restore: the message says what and where. Nothing was written to the target. */
    public static final class BackupException extends RuntimeException {
        public BackupException(String message) {
            super(message);
        }

        public BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes every collection of {@code database} to {@code archive} (through a temporary file beside it, moved into
     * place when complete, so a failed backup leaves no partial archive under that name).
     */
    public Manifest backup(MongoDatabase database, String source, Path archive) {
        Path target = archive.toAbsolutePath();
        Path temporary = target.resolveSibling(target.getFileName() + ".part");
        List<CollectionEntry> entries = new ArrayList<>();
        long total = 0;
        try {
            Files.createDirectories(target.getParent());
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temporary))) {
                Set<String> names = new TreeSet<>();
                database.listCollectionNames().into(new ArrayList<>()).stream()
                        .filter(name -> !name.startsWith("system.")).forEach(names::add);
                int index = 0;
                for (String name : names) {
                    String file = DIRECTORY + fileName(name, index++);
                    zip.putNextEntry(new ZipEntry(file));
                    MessageDigest digest = sha256();
                    OutputStream out = new DigestOutputStream(new NonClosing(zip), digest);
                    long documents = 0;
                    long bytes = 0;
                    MongoCollection<RawBsonDocument> collection = database.getCollection(name, RawBsonDocument.class);
                    try (MongoCursor<RawBsonDocument> cursor = collection.find().batchSize(BATCH_DOCUMENTS).iterator()) {
                        while (cursor.hasNext()) {
                            ByteBuffer buffer = cursor.next().getByteBuffer().asNIO();
                            int length = buffer.remaining();
                            total += length;
                            if (total > maxBytes) {
                                throw new BackupException("the store holds more than the archive limit of " + maxBytes
                                        + " bytes (reached in collection '" + name + "'): raise --max-size");
                            }
                            byte[] raw = new byte[length];
                            buffer.get(raw);
                            out.write(raw);
                            documents++;
                            bytes += length;
                        }
                    }
                    out.flush();
                    zip.closeEntry();
                    List<BsonDocument> indexes = new ArrayList<>();
                    for (BsonDocument spec : database.getCollection(name, BsonDocument.class).listIndexes(BsonDocument.class)) {
                        indexes.add(spec);
                    }
                    entries.add(new CollectionEntry(name, file, documents, bytes, HexFormat.of().formatHex(digest.digest()), indexes));
                    progress.accept(String.format("%-34s %,10d documents %,14d bytes", name, documents, bytes));
                }
                Manifest manifest = new Manifest(FORMAT, VERSION, Instant.now(), database.getName(), source, entries);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(toJson(manifest).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.finish();
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return manifest;
            }
        } catch (IOException e) {
            throw new BackupException("cannot write " + archive + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is named .part: harmless if it stays
            }
        }
    }

    /** Reads and checks an archive's manifest and every collection file (counts, sizes, checksums, framing). */
    public Manifest verify(Path archive) {
        try (ZipFile zip = open(archive)) {
            Manifest manifest = readManifest(zip, archive);
            for (CollectionEntry entry : manifest.collections()) {
                readCollection(zip, entry, archive, document -> { });
            }
            return manifest;
        } catch (IOException e) {
            throw new BackupException("cannot read " + archive + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores {@code archive} into {@code database}, which must hold no document: the archive is checked whole first,
     * then each collection is written (in batches) and its indexes created. On a failure part-way the collections
     * written are dropped again, so the database is left as empty as it was.
     */
    public Manifest restore(Path archive, MongoDatabase database) {
        Manifest manifest = verify(archive);
        requireEmpty(database);
        List<String> written = new ArrayList<>();
        try (ZipFile zip = open(archive)) {
            for (CollectionEntry entry : manifest.collections()) {
                written.add(entry.name());
                MongoCollection<RawBsonDocument> collection = database.getCollection(entry.name(), RawBsonDocument.class);
                database.createCollection(entry.name());
                List<RawBsonDocument> batch = new ArrayList<>();
                long[] batchBytes = {0};
                readCollection(zip, entry, archive, document -> {
                    batch.add(document);
                    batchBytes[0] += document.getByteBuffer().remaining();
                    if (batch.size() >= BATCH_DOCUMENTS || batchBytes[0] >= BATCH_BYTES) {
                        collection.insertMany(batch, new InsertManyOptions().ordered(true));
                        batch.clear();
                        batchBytes[0] = 0;
                    }
                });
                if (!batch.isEmpty()) {
                    collection.insertMany(batch, new InsertManyOptions().ordered(true));
                }
                createIndexes(database, entry);
                progress.accept(String.format("%-34s %,10d documents %,14d bytes", entry.name(), entry.documents(), entry.bytes()));
            }
            return manifest;
        } catch (IOException | RuntimeException e) {
            for (String name : written) {
                try {
                    database.getCollection(name).drop();
                } catch (RuntimeException dropFailed) {
                    e.addSuppressed(dropFailed);
                }
            }
            if (e instanceof BackupException refused) {
                throw refused;
            }
            throw new BackupException("restore failed, nothing kept (the collections written were dropped again): " + e.getMessage(), e);
        }
    }

    /** Refuses a database in which any collection holds a document. */
    public static void requireEmpty(MongoDatabase database) {
        for (String name : database.listCollectionNames()) {
            if (name.startsWith("system.")) {
                continue;
            }
            if (database.getCollection(name).find().limit(1).first() != null) {
                throw new BackupException("the target store is not empty: collection '" + name + "' of database '"
                        + database.getName() + "' holds documents. Restore only into an empty store (a new --qiandai.data-dir, "
                        + "or an empty MongoDB database); nothing was written");
            }
        }
    }

    private static void createIndexes(MongoDatabase database, CollectionEntry entry) {
        List<BsonDocument> specs = new ArrayList<>();
        for (BsonDocument index : entry.indexes()) {
            if (index.getString("name", new BsonString("")).getValue().equals("_id_")) {
                continue;
            }
            BsonDocument spec = index.clone();
            spec.remove("v");
            spec.remove("ns");
            specs.add(spec);
        }
        if (specs.isEmpty()) {
            return;
        }
        try {
            database.runCommand(new BsonDocument("createIndexes", new BsonString(entry.name())).append("indexes", new BsonArray(specs)));
        } catch (MongoCommandException e) {
            throw new BackupException("cannot create the indexes of '" + entry.name() + "' (" + specs + "): " + e.getErrorMessage(), e);
        }
    }

    private Manifest readManifest(ZipFile zip, Path archive) throws IOException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw new BackupException(archive + " is not a Qiandai backup: it has no " + MANIFEST);
        }
        byte[] json;
        try (InputStream in = zip.getInputStream(entry)) {
            json = in.readNBytes(16 * 1024 * 1024 + 1);
        }
        if (json.length > 16 * 1024 * 1024) {
            throw new BackupException(archive + ": " + MANIFEST + " is larger than 16 MB");
        }
        BsonDocument document;
        try {
            document = BsonDocument.parse(new String(json, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new BackupException(archive + ": " + MANIFEST + " is not valid JSON: " + e.getMessage(), e);
        }
        Manifest manifest = fromJson(document, archive);
        if (manifest.bytes() > maxBytes) {
            throw new BackupException(archive + " holds " + manifest.bytes() + " bytes of documents, more than the limit of "
                    + maxBytes + ": raise --max-size");
        }
        return manifest;
    }

    private static void readCollection(ZipFile zip, CollectionEntry entry, Path archive, Consumer<RawBsonDocument> sink) throws IOException {
        ZipEntry file = zip.getEntry(entry.file());
        String where = archive + ", " + entry.file() + " (collection '" + entry.name() + "')";
        if (file == null) {
            throw new BackupException(where + ": missing from the archive");
        }
        MessageDigest digest = sha256();
        long documents = 0;
        long bytes = 0;
        try (DataInputStream in = new DataInputStream(new java.security.DigestInputStream(zip.getInputStream(file), digest))) {
            byte[] prefix = new byte[4];
            while (true) {
                int first = in.read();
                if (first < 0) {
                    break;
                }
                prefix[0] = (byte) first;
                try {
                    in.readFully(prefix, 1, 3);
                } catch (EOFException e) {
                    throw new BackupException(where + ": truncated at byte " + bytes);
                }
                int length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (length < 5 || length > MAX_DOCUMENT_BYTES) {
                    throw new BackupException(where + ": document " + (documents + 1) + " at byte " + bytes
                            + " declares " + length + " bytes (a document has 5 to " + MAX_DOCUMENT_BYTES + ")");
                }
                if (bytes + length > entry.bytes()) {
                    throw new BackupException(where + ": more bytes than the manifest's " + entry.bytes());
                }
                byte[] raw = new byte[length];
                System.arraycopy(prefix, 0, raw, 0, 4);
                try {
                    in.readFully(raw, 4, length - 4);
                } catch (EOFException e) {
                    throw new BackupException(where + ": truncated in document " + (documents + 1));
                }
                if (raw[length - 1] != 0) {
                    throw new BackupException(where + ": document " + (documents + 1) + " at byte " + bytes + " is not BSON");
                }
                sink.accept(new RawBsonDocument(raw));
                documents++;
                bytes += length;
            }
        }
        if (documents != entry.documents() || bytes != entry.bytes()) {
            throw new BackupException(where + ": holds " + documents + " documents (" + bytes + " bytes), the manifest says "
                    + entry.documents() + " (" + entry.bytes() + " bytes)");
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equals(entry.sha256())) {
            throw new BackupException(where + ": SHA-256 " + sha + " is not the manifest's " + entry.sha256());
        }
    }

    static String toJson(Manifest manifest) {
        BsonArray collections = new BsonArray();
        for (CollectionEntry entry : manifest.collections()) {
            collections.add(new BsonDocument("name", new BsonString(entry.name()))
                    .append("file", new BsonString(entry.file()))
                    .append("documents", new BsonInt64(entry.documents()))
                    .append("bytes", new BsonInt64(entry.bytes()))
                    .append("sha256", new BsonString(entry.sha256()))
                    .append("indexes", new BsonArray(new ArrayList<BsonValue>(entry.indexes()))));
        }
        BsonDocument document = new BsonDocument("format", new BsonString(manifest.format()))
                .append("version", new org.bson.BsonInt32(manifest.version()))
                .append("createdAt", new BsonString(manifest.createdAt().toString()))
                .append("database", new BsonString(manifest.database()))
                .append("source", new BsonString(manifest.source()))
                .append("documents", new BsonInt64(manifest.documents()))
                .append("bytes", new BsonInt64(manifest.bytes()))
                .append("collections", collections);
        return document.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build());
    }

    private static Manifest fromJson(BsonDocument document, Path archive) {
        try {
            String format = document.getString("format").getValue();
            int version = document.getNumber("version").intValue();
            if (!FORMAT.equals(format) || version != VERSION) {
                throw new BackupException(archive + " is format " + format + " version " + version + "; this version reads "
                        + FORMAT + " version " + VERSION);
            }
            List<CollectionEntry> entries = new ArrayList<>();
            Map<String, String> files = new LinkedHashMap<>();
            for (BsonValue value : document.getArray("collections")) {
                BsonDocument entry = value.asDocument();
                List<BsonDocument> indexes = new ArrayList<>();
                for (BsonValue index : entry.getArray("indexes", new BsonArray())) {
                    indexes.add(index.asDocument());
                }
                String name = entry.getString("name").getValue();
                String file = entry.getString("file").getValue();
                if (files.put(name, file) != null) {
                    throw new BackupException(archive + ": collection '" + name + "' is listed twice in " + MANIFEST);
                }
                entries.add(new CollectionEntry(name, file, entry.getNumber("documents").longValue(),
                        entry.getNumber("bytes").longValue(), entry.getString("sha256").getValue(), indexes));
            }
            return new Manifest(format, version, Instant.parse(document.getString("createdAt").getValue()),
                    document.getString("database").getValue(), document.getString("source", new BsonString("")).getValue(), entries);
        } catch (BackupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackupException(archive + ": " + MANIFEST + " lacks a field or has one of the wrong type: " + e.getMessage(), e);
        }
    }

    /** {@code cases.bson}; a name a zip entry should not carry ({@code /}, {@code \}, control characters) by its index. */
    private static String fileName(String collection, int index) {
        boolean plain = collection.chars().allMatch(c -> c > 31 && c != '/' && c != '\\' && c != ':') && !collection.startsWith(".");
        return (plain ? collection : String.format("collection-%04d", index)) + ".bson";
    }

    private static ZipFile open(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new BackupException("no archive at " + archive.toAbsolutePath());
        }
        try {
            return new ZipFile(archive.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new BackupException(archive + " is not a zip archive: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets a digest stream be flushed without closing the zip under it. */
    private static final class NonClosing extends OutputStream {
        private final OutputStream out;

        NonClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
