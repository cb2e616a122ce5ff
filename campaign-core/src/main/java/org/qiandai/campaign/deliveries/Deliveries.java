package org.qiandai.campaign.deliveries;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The outbox of delivery records ({@code deliveries}, {@code _id = pushId:occurrence:contactId}) and its forward-only
 * status machine. A transition is one conditional update (the record's status must be one of the target's
 * {@link DeliveryStatus#predecessors()}), so a repeated or late update changes nothing and answers false. An applied
 * transition then moves the push's running counters ({@code $inc} of {@code counts.<FROM>}/{@code counts.<TO>} on the
 * push's document in {@code pushes}), records a send in the person's send log ({@code send_log}, {@code _id} the phone
 * hash) when the message has left us, and publishes {@link DeliveryStatusChanged}.
 * <p>
 * For channels: claim with {@link #claim} (QUEUED → SENDING with a lease; a QUEUED record carries
 * {@code queue = pushId}, indexed, to find candidates); only claim deliveries of a push whose status is RUNNING.
 */
@Service
public class Deliveries {

    public static final String COLLECTION = "deliveries";
    /** The push documents, whose {@code counts} field this class keeps. */
    public static final String PUSHES = "pushes";
    public static final String SEND_LOG = "send_log";
    /** How many recent sends a person's log keeps (older ones drop off). */
    static final int SEND_LOG_KEEP = 50;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /** For code running outside the application context (benchmarks, commands). */
    public static Deliveries create(MongoTemplate mongo, ApplicationEventPublisher events, Clock clock) {
        return new Deliveries(mongo, events, clock);
    }

    Deliveries(MongoTemplate mongo, ApplicationEventPublisher events, Clock clock) {
        this.mongo = mongo;
        this.events = events;
        this.clock = clock;
        deliveries().createIndex(Indexes.ascending("pushId"), new IndexOptions().name("pushId"));
        deliveries().createIndex(Indexes.ascending("queue"), new IndexOptions().name("queue").sparse(true));
        deliveries().createIndex(Indexes.ascending("providerId"), new IndexOptions().name("providerId").unique(true).sparse(true));
    }

    private MongoCollection<Document> deliveries() {
        return mongo.getCollection(COLLECTION);
    }

    /**
     * Writes a batch of new records (QUEUED) in one unordered {@code insertMany}; records whose id exists already
     * (queued before a crash, or by an earlier run) are counted, not duplicated. Does not touch the counters: the
     * queuing push adds what it queued to {@code counts.QUEUED} together with its progress.
     */
    public QueueResult queue(List<NewDelivery> batch) {
        if (batch.isEmpty()) {
            return new QueueResult(0, 0);
        }
        Date now = Date.from(clock.instant());
        List<Document> docs = new ArrayList<>(batch.size());
        for (NewDelivery d : batch) {
            docs.add(document(d, now));
        }
        try {
            deliveries().insertMany(docs, new InsertManyOptions().ordered(false));
            return new QueueResult(docs.size(), 0);
        } catch (MongoBulkWriteException e) {
            int duplicates = 0;
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                duplicates++;
            }
            return new QueueResult(docs.size() - duplicates, duplicates);
        }
    }

    /** The stored form of a new (QUEUED) record, e.g. for a benchmark's bare insert of the same documents. */
    public static Document document(NewDelivery d, Date now) {
        Document doc = new Document("_id", d.id()).append("pushId", d.pushId()).append("occurrence", d.occurrence())
                .append("campaignId", d.campaignId()).append("channel", d.channel()).append("templateId", d.templateId())
                .append("contactId", d.contactId()).append("phoneHash", d.phoneHash()).append("encryptedPhone", d.encryptedPhone())
                .append("language", d.language()).append("district", d.district()).append("text", d.text())
                .append("status", DeliveryStatus.QUEUED.name()).append("queue", d.pushId()).append("attempts", 0)
                .append("at", new Document(DeliveryStatus.QUEUED.name(), now));
        if (d.segmentId() != null) {
            doc.append("segmentId", d.segmentId());
        }
        return doc;
    }

    public Optional<Delivery> get(String id) {
        return Optional.ofNullable(deliveries().find(eq("_id", id)).first()).map(Deliveries::delivery);
    }

    /** The delivery a provider knows by this id (set with SENT), for status callbacks and receipts. */
    public Optional<Delivery> findByProviderId(String providerId) {
        return Optional.ofNullable(deliveries().find(eq("providerId", providerId)).first()).map(Deliveries::delivery);
    }

    /** Up to {@code limit} of the push's QUEUED deliveries (found by the {@code queue} index), for a channel to claim. */
    public List<Delivery> queuedOf(String pushId, int limit) {
        List<Delivery> result = new ArrayList<>();
        for (Document d : deliveries().find(eq("queue", pushId)).limit(limit)) {
            result.add(delivery(d));
        }
        return result;
    }

    /** QUEUED → SENDING, counting an attempt, with the channel's lease. */
    public boolean claim(String id, String owner, Instant leaseUntil) {
        return transition(id, DeliveryStatus.SENDING, Outcome.lease(owner, leaseUntil));
    }

    public boolean markSent(String id, String providerId) {
        return transition(id, DeliveryStatus.SENT, Outcome.provider(providerId));
    }

    public boolean markDelivered(String id) {
        return transition(id, DeliveryStatus.DELIVERED, Outcome.NONE);
    }

    public boolean markFailed(String id, String errorCode, String errorMessage) {
        return transition(id, DeliveryStatus.FAILED, Outcome.error(errorCode, errorMessage));
    }

    public boolean markUndelivered(String id, String errorCode, String errorMessage) {
        return transition(id, DeliveryStatus.UNDELIVERED, Outcome.error(errorCode, errorMessage));
    }

    public boolean markExpired(String id, String errorCode, String errorMessage) {
        return transition(id, DeliveryStatus.EXPIRED, Outcome.error(errorCode, errorMessage));
    }

    /**
     * Moves a delivery to {@code to} if its current status is one of {@code to}'s predecessors; answers whether it
     * did. Not for CANCELLED (see {@link #cancelQueued}) or QUEUED.
     */
    public boolean transition(String id, DeliveryStatus to, Outcome outcome) {
        if (to == DeliveryStatus.QUEUED) {
            throw new IllegalArgumentException("nothing moves back to QUEUED");
        }
        Instant now = clock.instant();
        List<String> from = to.predecessors().stream().map(Enum::name).toList();
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", to.name()), Updates.set("at." + to.name(), Date.from(now)),
                Updates.unset("queue")));
        if (to == DeliveryStatus.SENDING) {
            updates.add(Updates.inc("attempts", 1));
            updates.add(Updates.set("leaseOwner", outcome.leaseOwner()));
            updates.add(Updates.set("leaseUntil", outcome.leaseUntil() == null ? null : Date.from(outcome.leaseUntil())));
        } else {
            updates.add(Updates.unset("leaseUntil"));
        }
        if (outcome.providerId() != null) {
            updates.add(Updates.set("providerId", outcome.providerId()));
        }
        if (outcome.errorCode() != null) {
            updates.add(Updates.set("errorCode", outcome.errorCode()));
        }
        if (outcome.errorMessage() != null) {
            updates.add(Updates.set("errorMessage", outcome.errorMessage()));
        }
        Document before = deliveries().findOneAndUpdate(and(eq("_id", id), in("status", from)), Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return false;
        }
        DeliveryStatus previous = DeliveryStatus.valueOf(before.getString("status"));
        String pushId = before.getString("pushId");
        mongo.getCollection(PUSHES).updateOne(eq("_id", pushId),
                Updates.combine(Updates.inc("counts." + previous.name(), -1), Updates.inc("counts." + to.name(), 1)));
        String phoneHash = before.getString("phoneHash");
        if (to.meansSentComingFrom(previous) && phoneHash != null) {
            recordSend(phoneHash, before.getString("channel"), id, now);
        }
        events.publishEvent(new DeliveryStatusChanged(id, pushId, before.getString("campaignId"), before.getString("channel"),
                before.getString("district"), phoneHash, previous, to, now));
        return true;
    }

    private void recordSend(String phoneHash, String channel, String deliveryId, Instant at) {
        Document entry = new Document("at", Date.from(at)).append("channel", channel).append("deliveryId", deliveryId);
        mongo.getCollection(SEND_LOG).updateOne(eq("_id", phoneHash),
                Updates.pushEach("sends", List.of(entry), new PushOptions().slice(-SEND_LOG_KEEP)), new UpdateOptions().upsert(true));
    }

    /**
     * Every QUEUED delivery of the push becomes CANCELLED (never sent); the counters move by the number changed.
     * SENDING ones are left to their channel. Publishes no per-delivery events.
     */
    public long cancelQueued(String pushId) {
        Date now = Date.from(clock.instant());
        long changed = deliveries().updateMany(and(eq("pushId", pushId), eq("status", DeliveryStatus.QUEUED.name())),
                Updates.combine(Updates.set("status", DeliveryStatus.CANCELLED.name()), Updates.set("at." + DeliveryStatus.CANCELLED.name(), now),
                        Updates.unset("queue"))).getModifiedCount();
        if (changed > 0) {
            mongo.getCollection(PUSHES).updateOne(eq("_id", pushId), Updates.combine(
                    Updates.inc("counts." + DeliveryStatus.QUEUED.name(), -changed), Updates.inc("counts." + DeliveryStatus.CANCELLED.name(), changed)));
        }
        return changed;
    }

    /** For each of these phone hashes with any send at or after {@code since}, how many: one read by {@code _id}. */
    public Map<String, Integer> sendsSince(Collection<String> phoneHashes, Instant since) {
        Map<String, Integer> counts = new HashMap<>();
        if (phoneHashes.isEmpty()) {
            return counts;
        }
        for (Document log : mongo.getCollection(SEND_LOG).find(in("_id", phoneHashes))) {
            int n = 0;
            for (Document send : log.getList("sends", Document.class, List.of())) {
                Date at = send.getDate("at");
                if (at != null && !at.toInstant().isBefore(since)) {
                    n++;
                }
            }
            if (n > 0) {
                counts.put(log.getString("_id"), n);
            }
        }
        return counts;
    }

    /** The fields {@link DeliveryFacts} reads, so that a scan does not carry texts and encrypted numbers. */
    private static final Bson FACTS = com.mongodb.client.model.Projections.include("pushId", "occurrence", "campaignId", "channel",
            "district", "phoneHash", "segmentId", "status", "errorCode", "at");

    /** The facts of these deliveries (those that exist), by id: one read by {@code _id}. */
    public Map<String, DeliveryFacts> facts(Collection<String> ids) {
        Map<String, DeliveryFacts> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        for (Document d : deliveries().find(in("_id", new java.util.HashSet<>(ids))).projection(FACTS)) {
            DeliveryFacts f = facts(d);
            result.put(f.id(), f);
        }
        return result;
    }

    /**
     * Every delivery's facts in {@code _id} order, read in pages of {@code pageSize} (each page the records after the
     * last id seen), so that the heap holds one page: what a counter rebuilt from the records reads.
     */
    public void forEachFacts(int pageSize, java.util.function.Consumer<DeliveryFacts> each) {
        String last = null;
        while (true) {
            int n = 0;
            // a range on _id even for the first page: the embedded store then reads keys in order instead of sorting all
            Bson filter = last == null ? com.mongodb.client.model.Filters.gte("_id", "") : com.mongodb.client.model.Filters.gt("_id", last);
            for (Document d : deliveries().find(filter).projection(FACTS).sort(new Document("_id", 1)).limit(pageSize)) {
                DeliveryFacts f = facts(d);
                each.accept(f);
                last = f.id();
                n++;
            }
            if (n < pageSize) {
                return;
            }
        }
    }

    private static DeliveryFacts facts(Document d) {
        return new DeliveryFacts(d.getString("_id"), d.getString("pushId"), d.getInteger("occurrence", 0), d.getString("campaignId"),
                d.getString("channel"), d.getString("district"), d.getString("phoneHash"), d.getString("segmentId"),
                DeliveryStatus.valueOf(d.getString("status")), d.getString("errorCode"), times(d));
    }

    private static Map<DeliveryStatus, Instant> times(Document d) {
        Map<DeliveryStatus, Instant> at = new EnumMap<>(DeliveryStatus.class);
        Document times = d.get("at", Document.class);
        if (times != null) {
            times.forEach((k, v) -> at.put(DeliveryStatus.valueOf(k), ((Date) v).toInstant()));
        }
        return at;
    }

    private static Delivery delivery(Document d) {
        Map<DeliveryStatus, Instant> at = new EnumMap<>(DeliveryStatus.class);
        Document times = d.get("at", Document.class);
        if (times != null) {
            times.forEach((k, v) -> at.put(DeliveryStatus.valueOf(k), ((Date) v).toInstant()));
        }
        Date leaseUntil = d.getDate("leaseUntil");
        return new Delivery(d.getString("_id"), d.getString("pushId"), d.getInteger("occurrence", 0), d.getString("campaignId"),
                d.getString("channel"), d.getString("templateId"), d.getString("contactId"), d.getString("phoneHash"),
                d.getString("encryptedPhone"), d.getString("language"), d.getString("district"), d.getString("text"),
                DeliveryStatus.valueOf(d.getString("status")), d.getInteger("attempts", 0), d.getString("providerId"),
                d.getString("errorCode"), d.getString("errorMessage"), d.getString("leaseOwner"),
                leaseUntil == null ? null : leaseUntil.toInstant(), at);
    }
}
