package org.qiandai.analytics.reach;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The reach counters' collections. They come in generations ({@code analytics_daily_<n>}, {@code analytics_people_<n>},
 * {@code analytics_pushes_<n>}, {@code analytics_ledger_<n>}): a rebuild writes the next generation beside the current
 * one and then switches {@code analytics_state.generation}, so that readers never see a half-built set.
 * {@code analytics_occurrences} (what each queued push occurrence excluded, captured from its event) and
 * {@code analytics_segments} (where each counted segment came from) are kept across generations: they are not derived
 * from the records.
 */
final class ReachStore {

    static final String STATE = "analytics_state";
    static final String OCCURRENCES = "analytics_occurrences";
    static final String SEGMENTS = "analytics_segments";
    private static final String STATE_ID = "state";
    private static final int DUPLICATE_KEY = 11000;
    /** Writes per bulk request. */
    static final int BULK = 1000;

    /** One generation's collection names. */
    record Names(long generation, String daily, String people, String pushes, String ledger) {

        static Names of(long generation) {
            return new Names(generation, "analytics_daily_" + generation, "analytics_people_" + generation,
                    "analytics_pushes_" + generation, "analytics_ledger_" + generation);
        }

        List<String> all() {
            return List.of(daily, people, pushes, ledger);
        }
    }

    private final MongoTemplate mongo;

    ReachStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    MongoCollection<Document> collection(String name) {
        return mongo.getCollection(name);
    }

    /** The generation readers and live counting use now; 0 when counters were never built. */
    long generation() {
        Document state = collection(STATE).find(eq("_id", STATE_ID)).first();
        Number g = state == null ? null : state.get("generation", Number.class);
        return g == null ? 0 : g.longValue();
    }

    Names current() {
        return Names.of(Math.max(1, generation()));
    }

    Document state() {
        Document state = collection(STATE).find(eq("_id", STATE_ID)).first();
        return state == null ? new Document("_id", STATE_ID) : state;
    }

    /** Makes {@code generation} current, recording how it was built. */
    void switchTo(long generation, Document built) {
        collection(STATE).updateOne(eq("_id", STATE_ID), Updates.combine(Updates.set("generation", generation),
                Updates.set("lastRebuild", built)), new UpdateOptions().upsert(true));
    }

    /** Starts generation 1 empty when there is none (a new installation counts live from its first event). */
    void ensureGeneration() {
        collection(STATE).updateOne(eq("_id", STATE_ID), Updates.setOnInsert("generation", 1L), new UpdateOptions().upsert(true));
    }

    void drop(Names names) {
        for (String c : names.all()) {
            if (mongo.collectionExists(c)) {
                collection(c).drop();
            }
        }
    }

    Map<String, PersonState> people(Names names, Collection<String> ids) {
        Map<String, PersonState> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        for (Document d : collection(names.people()).find(in("_id", new HashSet<>(ids)))) {
            result.put(d.getString("_id"), PersonState.of(d));
        }
        return result;
    }

    /**
     * Writes changed people, each only if nobody changed it since it was read (its version); answers the ids that
     * changed meanwhile (another instance counted for them): those must be read and counted again.
     */
    Set<String> writePeople(Names names, List<PersonState> changed) {
        Set<String> conflicts = new HashSet<>();
        for (int start = 0; start < changed.size(); start += BULK) {
            List<PersonState> chunk = changed.subList(start, Math.min(changed.size(), start + BULK));
            List<WriteModel<Document>> writes = new ArrayList<>(chunk.size());
            for (PersonState p : chunk) {
                // upsert on {_id, v}: a document with another version makes the insert collide (11000) = a conflict
                writes.add(new ReplaceOneModel<>(and(eq("_id", p.id), eq("v", p.version)), p.toDocument(), new ReplaceOptions().upsert(true)));
            }
            try {
                collection(names.people()).bulkWrite(writes, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                for (BulkWriteError error : e.getWriteErrors()) {
                    if (error.getCode() != DUPLICATE_KEY) {
                        throw e;
                    }
                    conflicts.add(chunk.get(error.getIndex()).id);
                }
            }
        }
        return conflicts;
    }

    /** Adds the increments, in bulk upserts by {@code _id}. */
    void apply(Deltas deltas) {
        deltas.byCollection.forEach((name, docs) -> {
            List<WriteModel<Document>> writes = new ArrayList<>(Math.min(docs.size(), BULK));
            for (Map.Entry<String, Map<String, Long>> doc : docs.entrySet()) {
                Document inc = new Document();
                doc.getValue().forEach((field, by) -> {
                    if (by != 0) {
                        inc.append(field, by);
                    }
                });
                if (inc.isEmpty()) {
                    continue;
                }
                writes.add(new UpdateOneModel<>(eq("_id", doc.getKey()), new Document("$inc", inc), new UpdateOptions().upsert(true)));
                if (writes.size() == BULK) {
                    collection(name).bulkWrite(writes, new BulkWriteOptions().ordered(false));
                    writes = new ArrayList<>(BULK);
                }
            }
            if (!writes.isEmpty()) {
                collection(name).bulkWrite(writes, new BulkWriteOptions().ordered(false));
            }
        });
    }

    /** The counter documents of one scope and breakdown from {@code from} to {@code to} (inclusive), in day order. */
    List<Document> daily(Names names, String scope, Dim dim, LocalDate from, LocalDate to) {
        List<Document> result = new ArrayList<>();
        collection(names.daily()).find(and(gte("_id", ReachKeys.docId(scope, dim, from)), lte("_id", ReachKeys.docId(scope, dim, to))))
                .forEach(result::add);
        return result;
    }

    Map<String, Document> pushes(Names names, Collection<String> pushIds) {
        Map<String, Document> result = new HashMap<>();
        if (!pushIds.isEmpty()) {
            collection(names.pushes()).find(in("_id", new HashSet<>(pushIds))).forEach(d -> result.put(d.getString("_id"), d));
        }
        return result;
    }

    Document ledger(Names names, String id) {
        return collection(names.ledger()).find(eq("_id", id)).first();
    }

    /** Inserts a ledger entry unless one with its id exists; answers whether it was new. */
    boolean insertLedger(Names names, Document entry) {
        var result = collection(names.ledger()).updateOne(eq("_id", entry.getString("_id")), new Document("$setOnInsert", entry),
                new UpdateOptions().upsert(true));
        return result.getUpsertedId() != null;
    }

    /**
     * Sets a ledger entry's counted figures from {@code before} (null: none yet) to {@code after}; answers false when it
     * was no longer {@code before} (changed meanwhile: read it again).
     */
    boolean replaceLedger(Names names, Document before, Document after) {
        String id = after.getString("_id");
        try {
            if (before == null) {
                return collection(names.ledger()).updateOne(eq("_id", id), new Document("$setOnInsert", after),
                        new UpdateOptions().upsert(true)).getUpsertedId() != null;
            }
            return collection(names.ledger()).findOneAndReplace(and(eq("_id", id), eq("v", before.get("v"))), after,
                    new com.mongodb.client.model.FindOneAndReplaceOptions().returnDocument(ReturnDocument.BEFORE)) != null;
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Records an occurrence's capture unless one exists; answers whether it is new. */
    boolean captureOccurrence(Document capture) {
        return collection(OCCURRENCES).updateOne(eq("_id", capture.getString("_id")), new Document("$setOnInsert", capture),
                new UpdateOptions().upsert(true)).getUpsertedId() != null;
    }

    void insertMany(String collection, List<Document> docs) {
        for (int start = 0; start < docs.size(); start += BULK) {
            collection(collection).insertMany(docs.subList(start, Math.min(docs.size(), start + BULK)),
                    new com.mongodb.client.model.InsertManyOptions().ordered(false));
        }
    }
}
