package org.qiandai.campaign.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Records sensitive actions (a phone number revealed …) in the {@code audit} collection, one document each, never
 * changed. {@code details} must hold no personal data in clear.
 */
@Service
public class AuditLog {

    static final String COLLECTION = "audit";

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    public AuditEntry record(String actor, String action, String objectType, String objectId, String details, String remoteAddress) {
        AuditEntry entry = new AuditEntry(UUID.randomUUID().toString(), clock.instant(), actor, action, objectType, objectId, details,
                remoteAddress);
        collection().insertOne(new Document("_id", entry.id()).append("at", Date.from(entry.at())).append("actor", actor)
                .append("action", action).append("objectType", objectType).append("objectId", objectId).append("details", details)
                .append("remoteAddress", remoteAddress));
        return entry;
    }

    /** The latest entries about one object, newest first. */
    public List<AuditEntry> about(String objectType, String objectId, int limit) {
        return find(Filters.and(Filters.eq("objectType", objectType), Filters.eq("objectId", objectId)), limit);
    }

    /** The latest entries, newest first. */
    public List<AuditEntry> latest(int limit) {
        return find(new Document(), limit);
    }

    private List<AuditEntry> find(Bson filter, int limit) {
        List<AuditEntry> result = new ArrayList<>();
        collection().find(filter).sort(Sorts.descending("at")).limit(limit).forEach(d -> result.add(new AuditEntry(d.getString("_id"),
                d.getDate("at").toInstant(), d.getString("actor"), d.getString("action"), d.getString("objectType"),
                d.getString("objectId"), d.getString("details"), d.getString("remoteAddress"))));
        return result;
    }
}
