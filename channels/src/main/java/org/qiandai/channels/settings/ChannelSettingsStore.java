package org.qiandai.channels.settings;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The collection {@code channel_settings}: one document per channel ({@code _id} = the channel name) with the stored
 * values ({@code values}, by option name, as text), the sealed secrets ({@code secrets}, {@code s1:…}), a
 * {@code version} raised by every change (a write names the version it read, so two changes never overwrite each
 * other unseen), and who changed it last and when. Resetting a channel keeps its document, empty, so that the
 * version still tells other instances.
 */
@Component
class ChannelSettingsStore {

    static final String COLLECTION = "channel_settings";

    /** One channel's stored document. */
    record Stored(String channel, Map<String, String> values, Map<String, String> secrets, long version, String updatedBy, Instant updatedAt) {

        static Stored none(String channel) {
            return new Stored(channel, Map.of(), Map.of(), 0, null, null);
        }

        boolean empty() {
            return values.isEmpty() && secrets.isEmpty();
        }
    }

    private final MongoTemplate mongo;

    ChannelSettingsStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    List<Stored> all() {
        List<Stored> result = new ArrayList<>();
        collection().find().forEach(d -> result.add(stored(d)));
        return result;
    }

    Optional<Stored> find(String channel) {
        return Optional.ofNullable(collection().find(eq("_id", channel)).first()).map(ChannelSettingsStore::stored);
    }

    /** Writes {@code next} if the stored document is still at {@code readVersion} (0: none); answers whether it did. */
    boolean write(Stored next, long readVersion) {
        Document d = new Document("_id", next.channel()).append("values", new Document(next.values())).append("secrets", new Document(next.secrets()))
                .append("version", next.version()).append("updatedBy", next.updatedBy()).append("updatedAt", Date.from(next.updatedAt()));
        if (readVersion == 0) {
            try {
                collection().insertOne(d);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return collection().replaceOne(and(eq("_id", next.channel()), eq("version", readVersion)), d).getMatchedCount() == 1;
    }

    private static Stored stored(Document d) {
        Date at = d.getDate("updatedAt");
        Number version = d.get("version", Number.class);
        return new Stored(d.getString("_id"), strings(d.get("values", Document.class)), strings(d.get("secrets", Document.class)),
                version == null ? 0 : version.longValue(), d.getString("updatedBy"), at == null ? null : at.toInstant());
    }

    private static Map<String, String> strings(Document d) {
        Map<String, String> result = new TreeMap<>();
        if (d != null) {
            d.forEach((k, v) -> result.put(k, v == null ? null : v.toString()));
        }
        return result;
    }
}
