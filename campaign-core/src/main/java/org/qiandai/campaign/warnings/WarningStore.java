package org.qiandai.campaign.warnings;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Where warning cases live, every query and write led by {@code _id} (the embedded store answers those from its key,
 * and MongoDB from its {@code _id} index):
 * <ul>
 *   <li>{@code warning_cases} — one document per case ({@code wc-yyyyMMdd-HHmmss-xxxxxx}, UTC time of its first lead, so
 *       that a period is an {@code _id} range), with a {@code version} that every write checks and raises
 *       (single-document optimistic concurrency: instances and threads never overwrite each other's change);</li>
 *   <li>{@code warning_leads} — one per lead received, {@code _id} the sender and its {@code externalId}: the answer
 *       given, so that sending a lead again answers the same;</li>
 *   <li>{@code warning_people} — one per person ({@code _id} the phone's keyed hash): their latest case, when their
 *       latest lead came, how many cases they had;</li>
 *   <li>{@code warning_open} — a small projection of every open case (its open tasks, assignees, deadlines) that the
 *       desk's and officers' lists read;</li>
 *   <li>{@code warning_due} — one entry per open task deadline, {@code _id = <epoch ms, 13 digits>:<taskId>}, so that
 *       the deadlines due are an {@code _id} range.</li>
 * </ul>
 * The projections are written before the case and corrected after it, so a crash in between leaves at most an entry
 * that its reader finds stale (and drops), never an open task without its deadline.
 */
@Component
class WarningStore {

    static final String CASES = "warning_cases";
    static final String LEADS = "warning_leads";
    static final String PEOPLE = "warning_people";
    static final String OPEN = "warning_open";
    static final String DUE = "warning_due";
    private static final int DUPLICATE_KEY = 11000;
    static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;

    WarningStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    MongoCollection<Document> collection(String name) {
        return mongo.getCollection(name);
    }

    // --- cases ---

    Map<String, WarningCase> cases(Collection<String> ids) {
        Map<String, WarningCase> found = new HashMap<>();
        if (!ids.isEmpty()) {
            collection(CASES).find(in("_id", new HashSet<>(ids))).forEach(d -> found.put(d.getString("_id"), CaseDocuments.warningCase(d)));
        }
        return found;
    }

    WarningCase find(String id) {
        Document d = collection(CASES).find(eq("_id", id)).first();
        return d == null ? null : CaseDocuments.warningCase(d);
    }

    /** Cases whose id is at or after {@code fromId}, in id order (a period of cases: ids begin with their UTC time). */
    void forEachFrom(String fromId, java.util.function.Consumer<WarningCase> each) {
        collection(CASES).find(new Document("_id", new Document("$gte", fromId).append("$lt", "wc-~"))).sort(Sorts.ascending("_id"))
                .forEach(d -> each.accept(CaseDocuments.warningCase(d)));
    }

    /**
     * Writes these cases (new ones, or changed ones at {@code version + 1} over the version they were read at), their
     * projections first; answers the ids that could not be written because someone else changed (or created) them
     * first: read them again and redo.
     */
    Set<String> save(List<WarningCase> cases, Map<String, WarningCase> before) {
        if (cases.isEmpty()) {
            return Set.of();
        }
        List<WriteModel<Document>> dueAdds = new ArrayList<>();
        Map<String, List<WriteModel<Document>>> dueRemoves = new HashMap<>();
        List<WriteModel<Document>> openWrites = new ArrayList<>();
        Map<String, WriteModel<Document>> openRemoves = new HashMap<>();
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (WarningCase c : cases) {
            WarningCase old = before.get(c.id);
            Set<String> oldDue = old == null ? Set.of() : dueKeys(old);
            Set<String> newDue = dueKeys(c);
            for (String key : newDue) {
                if (!oldDue.contains(key)) {
                    dueAdds.add(new ReplaceOneModel<>(eq("_id", key), new Document("_id", key).append("caseId", c.id), new ReplaceOptions().upsert(true)));
                }
            }
            for (String key : oldDue) {
                if (!newDue.contains(key)) {
                    dueRemoves.computeIfAbsent(c.id, k -> new ArrayList<>()).add(new DeleteOneModel<>(eq("_id", key)));
                }
            }
            int from = c.version;
            c.version = from + 1;
            expected.put(c.id, c.version);
            if (c.status == CaseStatus.OPEN) {
                openWrites.add(new ReplaceOneModel<>(eq("_id", c.id), openDocument(c), new ReplaceOptions().upsert(true)));
            } else {
                openRemoves.put(c.id, new DeleteOneModel<>(eq("_id", c.id)));
            }
            Document doc = CaseDocuments.document(c);
            writes.add(old == null ? new InsertOneModel<>(doc) : new ReplaceOneModel<>(and(eq("_id", c.id), eq("version", from)), doc));
        }
        bulk(DUE, dueAdds);
        bulk(OPEN, openWrites);
        boolean all;
        try {
            BulkWriteResult result = collection(CASES).bulkWrite(writes, new BulkWriteOptions().ordered(false));
            all = result.getInsertedCount() + result.getMatchedCount() == writes.size();
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
            all = false;
        }
        // when some were not written, which: those not at the version this write gave them (a replace whose version
        // had moved matched nothing; an insert of an id that exists collided)
        Set<String> written = new HashSet<>();
        if (all) {
            written.addAll(expected.keySet());
        } else {
            collection(CASES).find(in("_id", expected.keySet())).projection(new Document("version", 1)).forEach(d -> {
                if (Integer.valueOf(d.getInteger("version", -1)).equals(expected.get(d.getString("_id")))) {
                    written.add(d.getString("_id"));
                }
            });
        }
        Set<String> conflicts = new HashSet<>();
        List<WriteModel<Document>> removals = new ArrayList<>();
        List<WriteModel<Document>> closed = new ArrayList<>();
        for (WarningCase c : cases) {
            if (written.contains(c.id)) {
                removals.addAll(dueRemoves.getOrDefault(c.id, List.of()));
                if (openRemoves.containsKey(c.id)) {
                    closed.add(openRemoves.get(c.id));
                }
            } else {
                conflicts.add(c.id);
                c.version = expected.get(c.id) - 1;
            }
        }
        bulk(DUE, removals);
        bulk(OPEN, closed);
        return conflicts;
    }

    /**
     * Reads the cases, applies {@code change} to each (true when it changed something), writes the changed ones; a case
     * someone else changed first is read again and the change redone (at most {@value #ATTEMPTS} times). A case whose
     * change came to nothing after a conflict gets its projections written again (the other writer's may have been
     * overwritten by ours). Answers the cases that could not be written.
     */
    Set<String> update(Collection<String> caseIds, java.util.function.Predicate<WarningCase> change) {
        Set<String> todo = new HashSet<>(caseIds);
        boolean retry = false;
        for (int attempt = 1; attempt <= ATTEMPTS && !todo.isEmpty(); attempt++) {
            Map<String, WarningCase> read = cases(todo);
            Map<String, WarningCase> before = new HashMap<>();
            List<WarningCase> changed = new ArrayList<>();
            List<WarningCase> unchanged = new ArrayList<>();
            for (WarningCase c : read.values()) {
                before.put(c.id, CaseDocuments.warningCase(CaseDocuments.document(c)));
                (change.test(c) ? changed : unchanged).add(c);
            }
            if (retry) {
                reproject(unchanged);
            }
            todo.retainAll(read.keySet());
            todo.retainAll(save(changed, before));
            retry = true;
        }
        return todo;
    }

    /** Writes the projections of cases as they are (after a lost race). */
    void reproject(List<WarningCase> cases) {
        List<WriteModel<Document>> open = new ArrayList<>();
        List<WriteModel<Document>> due = new ArrayList<>();
        for (WarningCase c : cases) {
            open.add(c.status == CaseStatus.OPEN ? new ReplaceOneModel<>(eq("_id", c.id), openDocument(c), new ReplaceOptions().upsert(true))
                    : new DeleteOneModel<>(eq("_id", c.id)));
            for (String key : dueKeys(c)) {
                due.add(new ReplaceOneModel<>(eq("_id", key), new Document("_id", key).append("caseId", c.id), new ReplaceOptions().upsert(true)));
            }
        }
        bulk(OPEN, open);
        bulk(DUE, due);
    }

    private void bulk(String collection, List<WriteModel<Document>> models) {
        if (!models.isEmpty()) {
            collection(collection).bulkWrite(models, new BulkWriteOptions().ordered(false));
        }
    }

    /** The due entries an open case's open tasks need: one per deadline not yet passed and flagged. */
    static Set<String> dueKeys(WarningCase c) {
        Set<String> keys = new HashSet<>();
        if (c.status != CaseStatus.OPEN) {
            return keys;
        }
        for (WarningCase.Step s : c.steps) {
            if (s.status == TaskStatus.OPEN && !s.breached) {
                keys.add(dueKey(s.deadline, WarningCase.taskId(c.id, s.index)));
            }
        }
        return keys;
    }

    static String dueKey(Instant deadline, String taskId) {
        return String.format("%013d", Math.max(0, deadline.toEpochMilli())) + ":" + taskId;
    }

    /** Due entries at or before {@code now}, oldest first, at most {@code limit}: their case ids by entry. */
    Map<String, String> due(Instant now, int limit) {
        Map<String, String> due = new LinkedHashMap<>();
        collection(DUE).find(new Document("_id", new Document("$lt", String.format("%013d", now.toEpochMilli()) + ";")))
                .sort(Sorts.ascending("_id")).limit(limit).forEach(d -> due.put(d.getString("_id"), d.getString("caseId")));
        return due;
    }

    void removeDue(Collection<String> keys) {
        bulk(DUE, keys.stream().<WriteModel<Document>>map(k -> new DeleteOneModel<>(eq("_id", k))).toList());
    }

    static Document openDocument(WarningCase c) {
        List<Document> tasks = new ArrayList<>();
        for (WarningCase.Step s : c.steps) {
            if (s.status == TaskStatus.OPEN) {
                tasks.add(new Document("id", WarningCase.taskId(c.id, s.index)).append("index", s.index).append("step", s.step.name())
                        .append("assignee", s.assignee).append("role", s.role == null ? null : s.role.name())
                        .append("openedAt", Date.from(s.openedAt)).append("deadline", Date.from(s.deadline)).append("breached", s.breached));
            }
        }
        return new Document("_id", c.id).append("version", c.version).append("district", c.district).append("priority", c.priority.name())
                .append("score", c.score).append("fraudType", c.fraudType).append("phoneMasked", c.maskedPhone).append("age", c.age)
                .append("gender", c.gender).append("openedAt", Date.from(c.openedAt)).append("leads", c.leads.size())
                .append("hasRelative", c.encryptedRelative != null).append("tasks", tasks);
    }

    /** Every open case's projection (small: open cases only). */
    List<Document> open() {
        List<Document> result = new ArrayList<>();
        collection(OPEN).find().into(result);
        return result;
    }

    void removeOpen(Collection<String> ids) {
        bulk(OPEN, ids.stream().<WriteModel<Document>>map(id -> new DeleteOneModel<>(eq("_id", id))).toList());
    }

    // --- leads and people ---

    /** The stored answers of these leads, by key. */
    Map<String, Document> leads(Collection<String> keys) {
        Map<String, Document> found = new HashMap<>();
        if (!keys.isEmpty()) {
            collection(LEADS).find(in("_id", new HashSet<>(keys))).forEach(d -> found.put(d.getString("_id"), d));
        }
        return found;
    }

    void recordLeads(List<Document> answers) {
        bulk(LEADS, answers.stream().<WriteModel<Document>>map(d -> new ReplaceOneModel<>(eq("_id", d.getString("_id")), d,
                new ReplaceOptions().upsert(true))).toList());
    }

    Map<String, Document> people(Collection<String> hashes) {
        Map<String, Document> found = new HashMap<>();
        if (!hashes.isEmpty()) {
            collection(PEOPLE).find(in("_id", new HashSet<>(hashes))).forEach(d -> found.put(d.getString("_id"), d));
        }
        return found;
    }

    /**
     * Points each person at their case (new or joined) with the time of their latest lead: one conditional update per
     * person — on the case it pointed at when read ({@code expectedCaseId}, null when there was no document) — so that
     * of two instances opening a case for one person at once, one wins; answers the hashes whose update lost.
     */
    Set<String> pointPeople(List<PersonUpdate> updates) {
        if (updates.isEmpty()) {
            return Set.of();
        }
        List<WriteModel<Document>> models = new ArrayList<>();
        for (PersonUpdate u : updates) {
            var filter = u.expectedCaseId() == null ? and(eq("_id", u.hash()), com.mongodb.client.model.Filters.exists("caseId", false))
                    : and(eq("_id", u.hash()), eq("caseId", u.expectedCaseId()));
            var update = Updates.combine(Updates.set("caseId", u.caseId()), Updates.set("lastLeadAt", Date.from(u.lastLeadAt())),
                    Updates.inc("cases", u.newCase() ? 1 : 0));
            models.add(new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(true)));
        }
        // each update either matched what was read, or found no document and inserted one; an update whose person
        // changed meanwhile matches nothing and its upsert collides with the existing _id: a duplicate key
        Set<String> lost = new HashSet<>();
        try {
            collection(PEOPLE).bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                lost.add(updates.get(error.getIndex()).hash());
            }
        }
        return lost;
    }

    record PersonUpdate(String hash, String expectedCaseId, String caseId, Instant lastLeadAt, boolean newCase) {
    }
}
