package org.qiandai.campaign.pushes;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code pushes} collection: one document per push with its schedule, status and history, the next occurrence
 * ({@code next.occurrence}, {@code next.runAt}), the queuing cursor ({@code queuing}), the scheduler's lease
 * ({@code leaseOwner}, {@code leaseUntil}) and the running counters {@code counts.<STATUS>} that
 * {@link Deliveries} keeps.
 */
@Component
class PushStore {

    private final MongoTemplate mongo;

    PushStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.ascending("campaignId"), new IndexOptions().name("campaignId"));
    }

    MongoCollection<Document> collection() {
        return mongo.getCollection(Deliveries.PUSHES);
    }

    void insert(Document push) {
        collection().insertOne(push);
    }

    Optional<Document> find(String id) {
        return Optional.ofNullable(collection().find(eq("_id", id)).first());
    }

    List<Document> list(String campaignId, int limit) {
        List<Document> result = new ArrayList<>();
        collection().find(campaignId == null ? new Document() : eq("campaignId", campaignId))
                .sort(Sorts.descending("createdAt")).limit(limit).into(result);
        return result;
    }

    /** Changes the status if it is one of {@code from}, recording who, when and why; answers the document after. */
    Optional<Document> changeStatus(String id, Collection<PushStatus> from, PushStatus to, String by, String reason, Instant at, Bson... more) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", to.name()), Updates.set("statusReason", reason),
                Updates.push("history", new Document("status", to.name()).append("by", by).append("at", Date.from(at)).append("reason", reason))));
        updates.addAll(List.of(more));
        return Optional.ofNullable(collection().findOneAndUpdate(and(eq("_id", id), in("status", from.stream().map(Enum::name).toList())),
                Updates.combine(updates), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** Claims one push whose next occurrence is due and whose lease is free: the findAndModify lease two instances share safely. */
    Optional<Document> claimDue(Instant now, String owner, Instant leaseUntil) {
        return Optional.ofNullable(collection().findOneAndUpdate(
                and(in("status", PushStatus.SCHEDULED.name(), PushStatus.RUNNING.name()), lte("next.runAt", Date.from(now)),
                        lt("leaseUntil", Date.from(now))),
                Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", Date.from(leaseUntil))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).sort(Sorts.ascending("next.runAt"))));
    }

    /** Progress of the occurrence being queued, its queued deliveries counted and the lease renewed, in one update. */
    Document recordProgress(String id, int occurrence, int batches, long queuedNow, long queuedSoFar, Instant leaseUntil) {
        return collection().findOneAndUpdate(eq("_id", id), Updates.combine(
                        Updates.set("queuing", new Document("occurrence", occurrence).append("batches", batches).append("queued", queuedSoFar).append("done", false)),
                        Updates.inc("counts." + DeliveryStatus.QUEUED.name(), queuedNow),
                        Updates.set("leaseUntil", Date.from(leaseUntil))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /**
     * RUNNING pushes with no occurrence left: candidates for COMPLETED (the collection is small: one per push). A
     * standing push ({@link StandingPushes}) never completes.
     */
    List<Document> runningWithoutNext() {
        List<Document> result = new ArrayList<>();
        collection().find(and(eq("status", PushStatus.RUNNING.name()), com.mongodb.client.model.Filters.exists("next", false),
                        com.mongodb.client.model.Filters.ne("standing", true)))
                .projection(new Document("_id", 1)).into(result);
        return result;
    }

    void update(String id, Bson update) {
        collection().updateOne(eq("_id", id), update);
    }

    // --- reading ---

    static PushView view(Document d, ZoneId zone) {
        Map<DeliveryStatus, Long> counts = new LinkedHashMap<>();
        Document c = d.get("counts", Document.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            Number n = c == null ? null : (Number) c.get(s.name());
            counts.put(s, n == null ? 0L : n.longValue());
        }
        Map<String, Long> failures = new java.util.TreeMap<>();
        Document f = d.get("failures", Document.class);
        if (f != null) {
            f.forEach((code, n) -> {
                if (((Number) n).longValue() > 0) {
                    failures.put(code, ((Number) n).longValue());
                }
            });
        }
        Document next = d.get("next", Document.class);
        Document q = d.get("queuing", Document.class);
        List<PushView.Change> history = new ArrayList<>();
        for (Document h : d.getList("history", Document.class, List.of())) {
            history.add(new PushView.Change(PushStatus.valueOf(h.getString("status")), h.getString("by"), time(h.getDate("at"), zone), h.getString("reason")));
        }
        return new PushView(d.getString("_id"), d.getString("campaignId"), d.getString("channel"), d.getString("templateId"),
                d.getList("segmentIds", String.class, List.of()), schedule(d.get("schedule", Document.class), zone),
                PushStatus.valueOf(d.getString("status")), d.getString("statusReason"), audience(d.get("audience", Document.class)), counts, failures,
                next == null ? null : time(next.getDate("runAt"), zone), next == null ? -1 : next.getInteger("occurrence", 0),
                d.getInteger("occurrencesQueued", 0),
                q == null ? null : new PushView.Queuing(q.getInteger("occurrence", 0), q.getInteger("batches", 0), ((Number) q.get("queued")).longValue(), q.getBoolean("done", false)),
                d.getString("createdBy"), time(d.getDate("createdAt"), zone), history);
    }

    static Document audience(AudienceSummary a) {
        Document excluded = new Document();
        a.excluded().forEach((k, v) -> excluded.append(k.name(), v));
        return new Document("recipients", a.recipients()).append("excluded", excluded);
    }

    static AudienceSummary audience(Document d) {
        if (d == null) {
            return AudienceSummary.empty();
        }
        Map<ExclusionReason, Long> excluded = new EnumMap<>(ExclusionReason.class);
        Document e = d.get("excluded", Document.class);
        if (e != null) {
            e.forEach((k, v) -> excluded.put(ExclusionReason.valueOf(k), ((Number) v).longValue()));
        }
        return AudienceSummary.of(((Number) d.get("recipients")).longValue(), excluded);
    }

    static Schedule schedule(Document s, ZoneId zone) {
        Document r = s.get("repeat", Document.class);
        return new Schedule(s.getDate("at") == null ? null : time(s.getDate("at"), zone).toString(),
                r == null ? null : new Schedule.Repeat(Schedule.Every.valueOf(r.getString("every")), LocalDate.parse(r.getString("until"))));
    }

    static OffsetDateTime time(Date date, ZoneId zone) {
        return date == null ? null : date.toInstant().atZone(zone).toOffsetDateTime();
    }
}
