package org.qiandai.campaign.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.conversions.Bson;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;
import org.h2.mvstore.Cursor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of the embedded store made in this process, straight from H2's maps, for the hot paths that read a whole
 * collection in {@code _id} order or look up a batch of keys at once: a push's audience, and per batch of it the
 * do-not-contact list and the send log. Through the wire protocol every document read is decoded from H2, encoded
 * again by the server and decoded a third time by the driver, which made reading a million contacts cost half as
 * much as writing a million deliveries; here it is decoded once. Documents are matched with the server's own matcher
 * (mongo-java-server's), so the answers are the server's. On MongoDB there is nothing to read in process
 * ({@link #available()} is false) and callers query through the driver as before.
 * <p>
 * The server changes a stored document in place, under its collection's monitor; a read here holds the same monitor
 * while it matches and copies a document, so it never sees one half-changed. A stream reads H2's key order through a
 * cursor that it opens again after every {@value #KEYS_PER_VIEW} keys, from the last key seen, so that, like a paged
 * query through the driver, it sees contacts added or removed meanwhile and never pins one old version of the store
 * for a whole push.
 */
@Component
public class InProcessReads {

    private static final InProcessReads NONE = new InProcessReads((EmbeddedMongoStore) null);
    /** How many keys a stream reads through one cursor (one view of the store) before it opens the next. */
    static final int KEYS_PER_VIEW = 1000;

    private final EmbeddedMongoStore embedded;

    @Autowired
    InProcessReads(ObjectProvider<EmbeddedMongoStore> embedded) {
        this(embedded.getIfAvailable());
    }

    private InProcessReads(EmbeddedMongoStore embedded) {
        this.embedded = embedded;
    }

    /** For code running outside the application context (benchmarks, commands); {@code null} means MongoDB. */
    public static InProcessReads of(EmbeddedMongoStore embedded) {
        return embedded == null ? NONE : new InProcessReads(embedded);
    }

    /** Nothing read in process: every caller queries through the driver. */
    public static InProcessReads none() {
        return NONE;
    }

    /** Whether the store is embedded in this process, so that the reads below can be used. */
    public boolean available() {
        return embedded != null;
    }

    /**
     * The documents of {@code collection} (in {@code mongo}'s database) with a string {@code _id} that match
     * {@code filter}, in {@code _id} order, each with {@code _id} and those of {@code fields} it has. Lazy: documents are
     * read as the stream is consumed, so that a million never sit in memory.
     */
    public Stream<Document> inIdOrder(MongoTemplate mongo, String collection, Bson filter, Set<String> fields) {
        KeyAwareH2Backend.StoredDocuments documents = documents(mongo, collection);
        if (documents == null) {
            return Stream.empty();
        }
        de.bwaldvogel.mongo.bson.Document query = serverQuery(mongo, filter);
        QueryMatcher matcher = new DefaultQueryMatcher();
        Supplier<Document> nextMatch = new Supplier<>() {
            private Cursor<Object, de.bwaldvogel.mongo.bson.Document> cursor = documents.map().cursor("");
            private String last;
            private int keysInView;

            @Override
            public Document get() {
                while (true) {
                    if (keysInView == KEYS_PER_VIEW) {
                        cursor = documents.map().cursor(last); // a fresh view, from the last key seen (read again, skipped below)
                        keysInView = 0;
                    }
                    if (!cursor.hasNext()) {
                        return null;
                    }
                    if (!(cursor.next() instanceof String id)) {
                        return null; // string keys sort together: past them there is no string id
                    }
                    keysInView++;
                    if (id.equals(last)) {
                        continue;
                    }
                    last = id;
                    synchronized (documents.lock()) {
                        de.bwaldvogel.mongo.bson.Document stored = cursor.getValue();
                        if (stored != null && matcher.matches(stored, query)) {
                            return projected(stored, fields);
                        }
                    }
                }
            }
        };
        return Stream.iterate(nextMatch.get(), Objects::nonNull, previous -> nextMatch.get());
    }

    /** The documents of {@code collection} whose {@code _id} is one of {@code ids} (those that exist), with {@code fields}. */
    public List<Document> withIds(MongoTemplate mongo, String collection, Collection<String> ids, Set<String> fields) {
        KeyAwareH2Backend.StoredDocuments documents = documents(mongo, collection);
        List<Document> found = new ArrayList<>();
        if (documents == null) {
            return found;
        }
        synchronized (documents.lock()) {
            for (String id : ids) {
                de.bwaldvogel.mongo.bson.Document stored = documents.map().get(id);
                if (stored != null) {
                    found.add(projected(stored, fields));
                }
            }
        }
        return found;
    }

    private KeyAwareH2Backend.StoredDocuments documents(MongoTemplate mongo, String collection) {
        if (embedded == null) {
            throw new IllegalStateException("the store is not embedded in this process: query it through the driver");
        }
        return embedded.backend().documentsOf(mongo.getDb().getName(), collection);
    }

    /** The filter as the server would receive it: BSON from the driver's codecs, decoded by the server's decoder. */
    private static de.bwaldvogel.mongo.bson.Document serverQuery(MongoTemplate mongo, Bson filter) {
        BsonDocument bson = filter.toBsonDocument(Document.class, mongo.getDb().getCodecRegistry());
        BasicOutputBuffer out = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(out), bson, EncoderContext.builder().build());
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(out.toByteArray()));
    }

    private static Document projected(de.bwaldvogel.mongo.bson.Document stored, Set<String> fields) {
        Document result = new Document("_id", driverValue(stored.get("_id")));
        for (String field : fields) {
            if (!field.equals("_id") && stored.containsKey(field)) {
                result.append(field, driverValue(stored.get(field)));
            }
        }
        return result;
    }

    /** A value as the driver would decode it: the server's types (Instant, its own Document and ObjectId) made the driver's. */
    static Object driverValue(Object value) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return Date.from(instant);
        }
        if (value instanceof de.bwaldvogel.mongo.bson.Document document) {
            Document result = new Document();
            for (Map.Entry<String, Object> field : document.entrySet()) {
                result.append(field.getKey(), driverValue(field.getValue()));
            }
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (Object element : list) {
                result.add(driverValue(element));
            }
            return result;
        }
        if (value instanceof de.bwaldvogel.mongo.bson.ObjectId id) {
            return new ObjectId(id.toByteArray());
        }
        return throughBson(value);
    }

    /** Any other type (binary, decimal, timestamp, regular expression…) carried as the wire would carry it. */
    private static Object throughBson(Object value) {
        de.bwaldvogel.mongo.bson.Document wrapper = new de.bwaldvogel.mongo.bson.Document("v", value);
        ByteBuf buffer = Unpooled.buffer(64);
        try {
            BsonEncoder.encodeDocument(wrapper, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return new RawBsonDocument(bytes).decode(new DocumentCodec()).get("v");
        } finally {
            buffer.release();
        }
    }
}
