package org.qiandai.channels.partners;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code partner_webhooks} collection: one document per webhook, {@code _id} its {@code webhook-id} (the broadcast
 * delivery's id, so every attempt, on any instance, after any restart, carries the same id), with the exact body sent
 * each time, its status (PENDING, SENT, DELIVERED, FAILED, CANCELLED), attempts, the next attempt's time, the sending
 * instance's lease and the last attempts' results.
 */
@Component
class PartnerWebhookStore {

    static final String COLLECTION = "partner_webhooks";
    static final int TRIES_KEPT = 20;
    private static final int DUPLICATE_KEY = 11000;

    enum Status { PENDING, SENT, DELIVERED, FAILED, CANCELLED }

    private final MongoTemplate mongo;

    PartnerWebhookStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.ascending("status"), new IndexOptions().name("status"));
        collection().createIndex(Indexes.ascending("pushId"), new IndexOptions().name("pushId"));
    }

    MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** Writes a new PENDING webhook; false when one with this id exists (written before a crash, or by another instance). */
    boolean insertIfAbsent(String id, String partner, String pushId, int occurrence, String body, Instant now) {
        try {
            collection().insertOne(new Document("_id", id).append("partner", partner).append("pushId", pushId).append("occurrence", occurrence)
                    .append("body", body).append("status", Status.PENDING.name()).append("attempts", 0)
                    .append("nextAttemptAt", Date.from(now)).append("leaseUntil", new Date(0)).append("createdAt", Date.from(now))
                    .append("tries", List.of()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    Optional<Document> get(String id) {
        return Optional.ofNullable(collection().find(eq("_id", id)).first());
    }

    /** Leases one of the partner's PENDING webhooks that is due and not leased by anyone (findAndModify: one instance wins). */
    Optional<Document> claimDue(String partner, Instant now, String owner, Instant leaseUntil) {
        return Optional.ofNullable(collection().findOneAndUpdate(
                and(eq("status", Status.PENDING.name()), eq("partner", partner), lte("nextAttemptAt", Date.from(now)), lt("leaseUntil", Date.from(now))),
                Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", Date.from(leaseUntil))),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("nextAttemptAt")).returnDocument(ReturnDocument.AFTER)));
    }

    /** Records one attempt's result (only while this owner holds the lease) and releases the lease. */
    boolean recordAttempt(String id, String owner, Status status, Instant at, Instant nextAttemptAt, int httpStatus, String error, long millis) {
        Document attempt = new Document("at", Date.from(at)).append("httpStatus", httpStatus).append("error", error).append("millis", millis);
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", status.name()), Updates.inc("attempts", 1),
                Updates.set("leaseUntil", new Date(0)), Updates.set("lastHttpStatus", httpStatus), Updates.set("lastError", error),
                Updates.pushEach("tries", List.of(attempt), new PushOptions().slice(-TRIES_KEPT))));
        if (nextAttemptAt != null) {
            updates.add(Updates.set("nextAttemptAt", Date.from(nextAttemptAt)));
        }
        if (status == Status.SENT) {
            updates.add(Updates.set("sentAt", Date.from(at)));
        }
        if (status != Status.PENDING) {
            updates.add(Updates.set("finishedAt", Date.from(at)));
        }
        return collection().updateOne(and(eq("_id", id), eq("leaseOwner", owner)), Updates.combine(updates)).getModifiedCount() == 1;
    }

    /** Moves a webhook on without an attempt (cancelled, or its delivery already settled elsewhere). */
    void settle(String id, Status status, String reason, Instant at) {
        collection().updateOne(eq("_id", id), Updates.combine(Updates.set("status", status.name()), Updates.set("lastError", reason),
                Updates.set("leaseUntil", new Date(0)), Updates.set("finishedAt", Date.from(at))));
    }

    /** Puts a leased webhook back to wait (its push is paused), counting no attempt. */
    void postpone(String id, String owner, Instant nextAttemptAt) {
        collection().updateOne(and(eq("_id", id), eq("leaseOwner", owner)),
                Updates.combine(Updates.set("nextAttemptAt", Date.from(nextAttemptAt)), Updates.set("leaseUntil", new Date(0))));
    }

    /** SENT → DELIVERED for the push's webhooks to this partner; answers their ids. */
    List<String> markDelivered(String partner, String pushId, Instant at) {
        List<String> ids = new ArrayList<>();
        for (Document d : collection().find(and(eq("pushId", pushId), eq("partner", partner), eq("status", Status.SENT.name())))
                .projection(new Document("_id", 1))) {
            if (collection().updateOne(and(eq("_id", d.getString("_id")), eq("status", Status.SENT.name())),
                    Updates.combine(Updates.set("status", Status.DELIVERED.name()), Updates.set("deliveredAt", Date.from(at)))).getModifiedCount() == 1) {
                ids.add(d.getString("_id"));
            }
        }
        return ids;
    }

    /** The partner's latest webhooks (null: every partner's), newest first. */
    List<Document> recent(String partner, int limit) {
        List<Document> result = new ArrayList<>();
        collection().find(partner == null ? new Document() : eq("partner", partner)).sort(Sorts.descending("createdAt")).limit(limit).into(result);
        return result;
    }
}
