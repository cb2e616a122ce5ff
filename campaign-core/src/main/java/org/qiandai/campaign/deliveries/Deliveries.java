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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.store.InProcessReads;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The outbox of delivery records ({@code deliveries}, {@code _id = pushId:occurrence:contactId}) and its forward-only
 * status machine. A transition is one conditional update (the record's status must be one of the target's
 * {@link DeliveryStatus#predecessors()}), so a repeated or late update changes nothing and answers false. An applied
 * transition then moves the push's running counters ({@code $inc} of {@code counts.<FROM>}/{@code counts.<TO>} on the
 * push's document in {@code pushes}, and {@code failures.<code>} while a delivery is in a failure status), records a
 * send in the person's send log ({@code send_log}, {@code _id} the phone hash) when the message has left us, and
 * publishes {@link DeliveryStatusChanged}.
 * <p>
 * For channels, in batches whose every query and write is led by {@code _id} (the embedded store answers those from
 * its key): find a push's next QUEUED deliveries ({@link #queued}: an {@code _id} range), {@link #claim} them
 * (QUEUED → SENDING under a {@link Claim}, one bulk write of conditional updates), {@link #settle} what was done
 * with them (one bulk write; counters {@code $inc}-ed once per push and batch), {@link #takeOver} an expired claim's
 * deliveries, and {@link #transitionAll} status reports found by {@link #findByProviderIds}. Only claim deliveries of
 * a push whose status is RUNNING.
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
    private final InProcessReads inProcess;

    /** For code running outside the application context (benchmarks, commands); reads through the driver. */
    public static Deliveries create(MongoTemplate mongo, ApplicationEventPublisher events, Clock clock) {
        return create(mongo, events, clock, InProcessReads.none());
    }

    /** As {@link #create(MongoTemplate, ApplicationEventPublisher, Clock)}, reading the send log in process when the store is embedded here. */
    public static Deliveries create(MongoTemplate mongo, ApplicationEventPublisher events, Clock clock, InProcessReads inProcess) {
        return new Deliveries(mongo, events, clock, inProcess);
    }

    Deliveries(MongoTemplate mongo, ApplicationEventPublisher events, Clock clock, InProcessReads inProcess) {
        this.mongo = mongo;
        this.inProcess = inProcess;
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
        addOutcome(updates, outcome);
        Document before = deliveries().findOneAndUpdate(and(eq("_id", id), in("status", from)), Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return false;
        }
        afterApplied(List.of(new Applied(delivery(before), to, outcome.errorCode())), now, null, java.util.Set.of());
        return true;
    }

    // --- batches, for channels: every hot query and write is led by _id ---

    /**
     * The next QUEUED deliveries of a push, in {@code _id} order after {@code afterId} (exclusive; null: from the
     * push's first), at most {@code limit}: an {@code _id} range ({@code pushId:} to {@code pushId;}) with a status
     * filter, so that the store answers it from its key. A delivery released for a retry is left out until its
     * {@code retryAt}.
     */
    public List<Delivery> queued(String pushId, String afterId, int limit) {
        Document range = new Document(afterId == null ? "$gte" : "$gt", afterId == null ? pushId + ":" : afterId).append("$lt", pushId + ";");
        List<Delivery> result = new ArrayList<>();
        deliveries().find(and(new Document("_id", range), eq("status", DeliveryStatus.QUEUED.name()),
                        Filters.not(Filters.gt("retryAt", Date.from(clock.instant())))))
                .sort(Sorts.ascending("_id")).limit(limit).forEach(d -> result.add(delivery(d)));
        return result;
    }

    /** Of these deliveries, the ones still QUEUED, read by {@code _id}. */
    public List<Delivery> queuedAmong(Collection<String> ids) {
        return find(and(in("_id", ids), eq("status", DeliveryStatus.QUEUED.name())));
    }

    /** Of these deliveries, the ones {@code claimId} holds (SENDING under it), read by {@code _id}. */
    public List<Delivery> heldBy(String claimId, Collection<String> ids) {
        return find(and(in("_id", ids), eq("status", DeliveryStatus.SENDING.name()), eq("claim", claimId)));
    }

    private List<Delivery> find(Bson filter) {
        List<Delivery> result = new ArrayList<>();
        deliveries().find(filter).forEach(d -> result.add(delivery(d)));
        return result;
    }

    /**
     * QUEUED → SENDING under {@code claim}, for each of these deliveries still QUEUED: one unordered bulk write of
     * conditional updates by {@code _id} (a delivery another channel instance claimed first is left out); the push's
     * counters move once per batch. Answers the deliveries now held, as they are after the claim. Counts no attempt:
     * {@link #settle} records how many were made.
     */
    public List<Delivery> claim(List<Delivery> queued, Claim claim) {
        Instant now = clock.instant();
        List<Op> ops = new ArrayList<>(queued.size());
        for (Delivery d : queued) {
            ops.add(new Op(d, DeliveryStatus.SENDING, null, and(eq("_id", d.id()), eq("status", DeliveryStatus.QUEUED.name())), List.of(
                    Updates.set("status", DeliveryStatus.SENDING.name()), Updates.set("at." + DeliveryStatus.SENDING.name(), Date.from(now)),
                    Updates.set("claim", claim.id()), Updates.set("leaseOwner", claim.owner()),
                    Updates.set("leaseUntil", Date.from(claim.leaseUntil())), Updates.unset("queue"), Updates.unset("retryAt"))));
        }
        return apply(ops, now).stream().map(d -> d.heldBy(claim, now)).toList();
    }

    /**
     * Deliveries held by {@code fromClaimId} (an expired claim being taken over) pass to {@code to}, status unchanged
     * (SENDING): no counter moves, no event. Answers the deliveries now held by {@code to}.
     */
    public List<Delivery> takeOver(String fromClaimId, Collection<String> ids, Claim to) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<WriteModel<Document>> models = new ArrayList<>(ids.size());
        for (String id : ids) {
            models.add(new UpdateOneModel<>(and(eq("_id", id), eq("status", DeliveryStatus.SENDING.name()), eq("claim", fromClaimId)),
                    Updates.combine(Updates.set("claim", to.id()), Updates.set("leaseOwner", to.owner()), Updates.set("leaseUntil", Date.from(to.leaseUntil())))));
        }
        deliveries().bulkWrite(models, new BulkWriteOptions().ordered(false));
        return heldBy(to.id(), ids);
    }

    /**
     * What a channel did with deliveries it holds under {@code claimId}, in one unordered bulk write of conditional
     * updates by {@code _id} (status SENDING and still held by the claim, so that an instance whose claim was taken
     * over changes nothing). {@code to} QUEUED releases a delivery that was never attempted, or whose attempt provably
     * did not go out and will be retried at {@code retryAt}; any other {@code to} is its outcome. Counters move once
     * per push, the send log records what left us, and an event is published per applied change. Answers the
     * deliveries changed.
     */
    public List<Delivery> settle(String claimId, List<Settlement> settlements) {
        Instant now = clock.instant();
        List<Op> ops = new ArrayList<>(settlements.size());
        for (Settlement s : settlements) {
            DeliveryStatus to = s.to();
            if (to == DeliveryStatus.SENDING || !to.predecessors().contains(DeliveryStatus.SENDING) && to != DeliveryStatus.QUEUED) {
                throw new IllegalArgumentException("a held delivery cannot be settled as " + to);
            }
            List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", to.name()), Updates.set("attempts", s.attempts()),
                    Updates.unset("claim"), Updates.unset("leaseOwner"), Updates.unset("leaseUntil")));
            addOutcome(updates, s.outcome());
            if (to == DeliveryStatus.QUEUED) {
                updates.add(Updates.set("queue", s.held().pushId()));
                updates.add(s.retryAt() == null ? Updates.unset("retryAt") : Updates.set("retryAt", Date.from(s.retryAt())));
            } else {
                updates.add(Updates.set("at." + to.name(), Date.from(now)));
                updates.add(Updates.unset("retryAt"));
            }
            ops.add(new Op(s.held(), to, s.outcome().errorCode(),
                    and(eq("_id", s.held().id()), eq("status", DeliveryStatus.SENDING.name()), eq("claim", claimId)), updates));
        }
        return apply(ops, now);
    }

    /**
     * Status reports (callbacks, receipts) for deliveries as last read: each moves on only if it is still in the
     * status read and {@code to} may follow it; one unordered bulk write by {@code _id}. Answers the ones applied.
     */
    public List<Delivery> transitionAll(List<Transition> transitions) {
        Instant now = clock.instant();
        List<Op> ops = new ArrayList<>(transitions.size());
        for (Transition t : transitions) {
            if (t.to() == DeliveryStatus.QUEUED || !t.to().predecessors().contains(t.current().status())) {
                continue;
            }
            List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", t.to().name()), Updates.set("at." + t.to().name(), Date.from(now)),
                    Updates.unset("queue"), Updates.unset("leaseUntil"), Updates.unset("claim")));
            addOutcome(updates, t.outcome());
            ops.add(new Op(t.current(), t.to(), t.outcome().errorCode(), and(eq("_id", t.current().id()), eq("status", t.current().status().name())), updates));
        }
        return apply(ops, now);
    }

    /** Deliveries by the ids providers know them by (one {@code $in} on the unique {@code providerId} index). */
    public List<Delivery> findByProviderIds(Collection<String> providerIds) {
        return providerIds.isEmpty() ? List.of() : find(in("providerId", new java.util.HashSet<>(providerIds)));
    }

    /** Deliveries by {@code _id}. */
    public List<Delivery> getAll(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : find(in("_id", new java.util.HashSet<>(ids)));
    }

    /**
     * A push's deliveries in {@code _id} order after {@code afterId} (null: from the first) whose status is one of
     * {@code statuses}, at most {@code limit}: an {@code _id} range with a status filter (failure lists, reconciliation).
     */
    public List<Delivery> ofPush(String pushId, Collection<DeliveryStatus> statuses, String afterId, int limit) {
        Document range = new Document(afterId == null ? "$gte" : "$gt", afterId == null ? pushId + ":" : afterId).append("$lt", pushId + ";");
        List<Delivery> result = new ArrayList<>();
        deliveries().find(and(new Document("_id", range), in("status", statuses.stream().map(Enum::name).toList())))
                .sort(Sorts.ascending("_id")).limit(limit).forEach(d -> result.add(delivery(d)));
        return result;
    }

    /** A change to write in a batch: the record as read, where it goes, the filter that makes it conditional, the update. */
    private record Op(Delivery before, DeliveryStatus to, String errorCode, Bson filter, List<Bson> updates) {
    }

    /** A change that was written. */
    private record Applied(Delivery before, DeliveryStatus to, String errorCode) {
    }

    /**
     * Writes the ops in one unordered bulk write and does what follows for those applied; answers them as they are now.
     * With no transactions, a process could die between the deliveries' write and the counters': so each batch is first
     * journalled on its push ({@code pending}: its token and every change it may make), each changed delivery carries
     * the token ({@code changes}, the last five), and the counters' {@code $inc} removes the journal entry in the same
     * update. An entry left behind is completed by {@link #recoverPending}.
     */
    private List<Delivery> apply(List<Op> ops, Instant now) {
        if (ops.isEmpty()) {
            return List.of();
        }
        String token = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        Map<String, List<Document>> journal = new LinkedHashMap<>();
        for (Op op : ops) {
            journal.computeIfAbsent(op.before().pushId(), k -> new ArrayList<>()).add(new Document("id", op.before().id())
                    .append("from", op.before().status().name()).append("to", op.to().name()).append("fromCode", op.before().errorCode())
                    .append("code", op.errorCode()));
        }
        List<WriteModel<Document>> entries = new ArrayList<>(journal.size());
        journal.forEach((pushId, changes) -> entries.add(new UpdateOneModel<>(eq("_id", pushId),
                Updates.push("pending", new Document("token", token).append("at", Date.from(now)).append("changes", changes)))));
        mongo.getCollection(PUSHES).bulkWrite(entries, new BulkWriteOptions().ordered(false));
        List<WriteModel<Document>> models = new ArrayList<>(ops.size());
        for (Op op : ops) {
            List<Bson> updates = new ArrayList<>(op.updates());
            updates.add(Updates.set("change", token));
            updates.add(Updates.pushEach("changes", List.of(token), new PushOptions().slice(-5)));
            models.add(new UpdateOneModel<>(op.filter(), Updates.combine(updates)));
        }
        BulkWriteResult result = deliveries().bulkWrite(models, new BulkWriteOptions().ordered(false));
        List<Op> applied = ops;
        if (result.getMatchedCount() < ops.size()) {
            java.util.Set<String> changed = new java.util.HashSet<>();
            deliveries().find(and(in("_id", ops.stream().map(o -> o.before().id()).toList()), eq("change", token)))
                    .projection(new Document("_id", 1)).forEach(d -> changed.add(d.getString("_id")));
            applied = ops.stream().filter(o -> changed.contains(o.before().id())).toList();
        }
        List<Applied> done = new ArrayList<>(applied.size());
        List<Delivery> after = new ArrayList<>(applied.size());
        for (Op op : applied) {
            done.add(new Applied(op.before(), op.to(), op.errorCode()));
            after.add(op.before().now(op.to(), op.errorCode(), now));
        }
        afterApplied(done, now, token, journal.keySet());
        return after;
    }

    /** What one change does to its push's counters: {@code counts.<FROM>}, {@code counts.<TO>} and {@code failures.<code>}. */
    private static void delta(Map<String, Long> inc, DeliveryStatus from, DeliveryStatus to, String fromCode, String code) {
        if (from == to) {
            return;
        }
        inc.merge("counts." + from.name(), -1L, Long::sum);
        inc.merge("counts." + to.name(), 1L, Long::sum);
        if (from.isFailure()) {
            inc.merge("failures." + failureKey(fromCode), -1L, Long::sum);
        }
        if (to.isFailure()) {
            inc.merge("failures." + failureKey(code != null ? code : fromCode), 1L, Long::sum);
        }
    }

    /** The counters' update for a push, removing the batch's journal entry ({@code token}) with it when there is one. */
    private static Bson counterUpdate(Map<String, Long> inc, String token) {
        List<Bson> updates = new ArrayList<>();
        inc.forEach((field, n) -> {
            if (n != 0) {
                updates.add(Updates.inc(field, n));
            }
        });
        if (token != null) {
            updates.add(Updates.pull("pending", new Document("token", token)));
        }
        return Updates.combine(updates);
    }

    /** The push counters ({@code counts}, {@code failures}) once per push, the send log, the events. */
    private void afterApplied(List<Applied> applied, Instant now, String token, java.util.Set<String> journalled) {
        Map<String, Map<String, Long>> incs = new LinkedHashMap<>();
        journalled.forEach(p -> incs.put(p, new LinkedHashMap<>()));
        List<WriteModel<Document>> sends = new ArrayList<>();
        for (Applied a : applied) {
            DeliveryStatus from = a.before().status();
            if (from == a.to()) {
                continue;
            }
            delta(incs.computeIfAbsent(a.before().pushId(), k -> new LinkedHashMap<>()), from, a.to(), a.before().errorCode(), a.errorCode());
            if (a.to().meansSentComingFrom(from) && a.before().phoneHash() != null) {
                Document entry = new Document("at", Date.from(now)).append("channel", a.before().channel()).append("deliveryId", a.before().id());
                sends.add(new UpdateOneModel<>(eq("_id", a.before().phoneHash()),
                        Updates.pushEach("sends", List.of(entry), new PushOptions().slice(-SEND_LOG_KEEP)), new UpdateOptions().upsert(true)));
            }
        }
        List<WriteModel<Document>> counters = new ArrayList<>(incs.size());
        incs.forEach((pushId, inc) -> {
            if (!inc.isEmpty() || token != null) {
                counters.add(new UpdateOneModel<>(token == null ? eq("_id", pushId) : and(eq("_id", pushId), eq("pending.token", token)),
                        counterUpdate(inc, token)));
            }
        });
        if (!counters.isEmpty()) {
            mongo.getCollection(PUSHES).bulkWrite(counters, new BulkWriteOptions().ordered(false));
        }
        if (!sends.isEmpty()) {
            // one person twice in a batch (two pushes at once) would race two upserts of one new log: write those in order
            mongo.getCollection(SEND_LOG).bulkWrite(sends, new BulkWriteOptions().ordered(true));
        }
        for (Applied a : applied) {
            if (a.before().status() != a.to()) {
                Delivery d = a.before();
                events.publishEvent(new DeliveryStatusChanged(d.id(), d.pushId(), d.campaignId(), d.channel(), d.district(), d.phoneHash(),
                        d.status(), a.to(), now));
            }
        }
    }

    /**
     * Completes the push's batches whose writer died between writing the deliveries and adding the counters: each
     * journal entry older than {@code olderThan} is looked up (which of its deliveries carry its token) and its
     * counters added, removing the entry in the same update, so that of two instances recovering at once only one
     * adds them. Answers how many entries it completed. (The send log and events of such a batch are not replayed.)
     */
    public int recoverPending(String pushId, Instant olderThan) {
        Document push = mongo.getCollection(PUSHES).find(eq("_id", pushId)).projection(new Document("pending", 1)).first();
        int recovered = 0;
        for (Document entry : push == null ? List.<Document>of() : push.getList("pending", Document.class, List.of())) {
            Date at = entry.getDate("at");
            if (at == null || !at.toInstant().isBefore(olderThan)) {
                continue;
            }
            String token = entry.getString("token");
            List<Document> changes = entry.getList("changes", Document.class, List.of());
            java.util.Set<String> applied = new java.util.HashSet<>();
            deliveries().find(and(in("_id", changes.stream().map(c -> c.getString("id")).toList()), eq("changes", token)))
                    .projection(new Document("_id", 1)).forEach(d -> applied.add(d.getString("_id")));
            Map<String, Long> inc = new LinkedHashMap<>();
            for (Document c : changes) {
                if (applied.contains(c.getString("id"))) {
                    delta(inc, DeliveryStatus.valueOf(c.getString("from")), DeliveryStatus.valueOf(c.getString("to")), c.getString("fromCode"),
                            c.getString("code"));
                }
            }
            if (mongo.getCollection(PUSHES).updateOne(and(eq("_id", pushId), eq("pending.token", token)), counterUpdate(inc, token))
                    .getModifiedCount() > 0) {
                recovered++;
            }
        }
        return recovered;
    }

    /** A provider code as a field name under {@code failures} ({@code none} when there is none). */
    static String failureKey(String code) {
        if (code == null || code.isBlank()) {
            return "none";
        }
        return code.replace('.', '_').replace('$', '_');
    }

    private static void addOutcome(List<Bson> updates, Outcome outcome) {
        if (outcome.providerId() != null) {
            updates.add(Updates.set("providerId", outcome.providerId()));
        }
        if (outcome.errorCode() != null) {
            updates.add(Updates.set("errorCode", outcome.errorCode()));
        }
        if (outcome.errorMessage() != null) {
            updates.add(Updates.set("errorMessage", outcome.errorMessage()));
        }
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
        Iterable<Document> logs = inProcess.available() ? inProcess.withIds(mongo, SEND_LOG, new java.util.HashSet<>(phoneHashes), Set.of("sends"))
                : mongo.getCollection(SEND_LOG).find(in("_id", phoneHashes)).projection(com.mongodb.client.model.Projections.include("sends"));
        for (Document log : logs) {
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
