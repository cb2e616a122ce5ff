package org.qiandai.campaign.bulletins;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code bulletins} collection: one document per bulletin, its drafts inside it (a page holds at most
 * {@code qiandai.bulletins.max-drafts}, far below a document's 16 MB), so that reading a bulletin is one lookup and
 * deciding a draft is one atomic update of one document, conditional on the draft's status. The {@code _id} is derived
 * from the page's content ({@code bl-} + the first 12 hex digits of a 128-bit hash of the text it keeps): the same page
 * read again collides with it, which is how a bulletin is never imported twice; {@code digest} keeps the whole hash.
 */
@Component
class BulletinStore {

    static final String COLLECTION = "bulletins";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;

    BulletinStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.descending("importedAt"), new IndexOptions().name("importedAt"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** Keeps a new bulletin; answers {@code false}, writing nothing, when one with its id exists. */
    boolean insert(Document bulletin) {
        try {
            collection().insertOne(bulletin);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    Optional<Document> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first());
    }

    /** The latest bulletins, newest first, without their drafts. */
    List<Document> list(int limit) {
        List<Document> result = new ArrayList<>();
        collection().find().projection(Projections.exclude("drafts")).sort(Sorts.descending("importedAt")).limit(limit)
                .forEach(result::add);
        return result;
    }

    /**
     * Moves draft {@code index} from status {@code from} to {@code to}, setting {@code set} on the draft and moving the
     * bulletin's running counters, in one update; answers {@code false} when the draft was not in {@code from} (decided
     * meanwhile by someone else).
     */
    boolean decide(String id, int index, DraftStatus from, DraftStatus to, Map<String, Object> set) {
        String draft = "drafts." + index + ".";
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set(draft + "status", to.name()));
        set.forEach((key, value) -> updates.add(value == null ? Updates.unset(draft + key) : Updates.set(draft + key, value)));
        counter(from).ifPresent(c -> updates.add(Updates.inc(c, -1)));
        counter(to).ifPresent(c -> updates.add(Updates.inc(c, 1)));
        return collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(draft + "status", from.name())),
                Updates.combine(updates)).getModifiedCount() == 1;
    }

    private static Optional<String> counter(DraftStatus status) {
        return switch (status) {
            case CONFIRMED -> Optional.of("confirmed");
            case DISCARDED -> Optional.of("discarded");
            case DRAFT -> Optional.empty();
        };
    }

    /** Deletes a bulletin none of whose drafts became a case; answers whether it did. */
    boolean delete(String id) {
        return collection().deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("confirmed", 0))).getDeletedCount() == 1;
    }

    // ---- mapping -----------------------------------------------------------------------------------------------

    static Document fieldDocument(Map<BulletinField, FieldValue> fields) {
        Document doc = new Document();
        fields.forEach((field, v) -> {
            Document value = new Document("value", stored(v.value())).append("confidence", v.confidence()).append("span", v.span());
            if (v.inText()) {
                value.append("start", v.start()).append("end", v.end());
            }
            if (v.from() != null) {
                value.append("from", v.from());
            }
            doc.append(field.key(), value);
        });
        return doc;
    }

    /** Values as stored: dates as {@code yyyy-MM-dd}, losses as plain decimal text (exact on every store), ages as ints. */
    static Object stored(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        return value;
    }

    static Map<String, FieldValue> fields(Document doc) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        if (doc == null) {
            return fields;
        }
        for (BulletinField field : BulletinField.values()) {
            Document v = doc.get(field.key(), Document.class);
            if (v != null) {
                fields.put(field.key(), new FieldValue(value(field, v.get("value")), ((Number) v.get("confidence")).doubleValue(),
                        v.getString("span"), v.getInteger("start"), v.getInteger("end"), v.getString("from")));
            }
        }
        return fields;
    }

    static Map<String, Object> values(Document doc) {
        if (doc == null) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (BulletinField field : BulletinField.values()) {
            if (doc.containsKey(field.key())) {
                values.put(field.key(), value(field, doc.get(field.key())));
            }
        }
        return values;
    }

    private static Object value(BulletinField field, Object stored) {
        if (stored == null) {
            return null;
        }
        return switch (field) {
            case LOSS -> new BigDecimal(stored.toString());
            case AGE -> ((Number) stored).intValue();
            default -> stored.toString();
        };
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
