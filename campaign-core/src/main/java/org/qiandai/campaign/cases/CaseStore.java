package org.qiandai.campaign.cases;

import static com.mongodb.client.model.Filters.in;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code cases} collection. A case's {@code _id} is its case number, the natural key: lookups by it use the
 * store's unique index, which is the one index the embedded store is fast with. Writes go in bulk.
 * Loss is kept in fen ({@code lossFen}, a 64-bit integer) so that sums and medians are exact on every store.
 */
@Component
class CaseStore {

    static final String COLLECTION = "cases";
    /** Cases as they were before an import changed them, kept until the import has finished. */
    static final String UNDO_COLLECTION = "case_import_undo";
    static final String REPORT_DATE = "reportDate";
    static final String DISTRICT = "district";
    static final String AGE = "victimAge";
    static final String GENDER = "gender";
    static final String OCCUPATION = "occupation";
    static final String EDUCATION = "education";
    static final String FRAUD_TYPE = "fraudType";
    static final String CONTACT_CHANNEL = "contactChannel";
    static final String VENUE = "venue";
    static final String LOSS_FEN = "lossFen";
    static final String NOTE = "note";
    static final String IMPORT_BATCH_IDS = "importBatchIds";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    private static final List<String> RECORD_FIELDS = List.of(REPORT_DATE, DISTRICT, AGE, GENDER, OCCUPATION, EDUCATION,
            FRAUD_TYPE, CONTACT_CHANNEL, VENUE, LOSS_FEN, NOTE);

    /** How one batch of records was applied. */
    record Applied(long imported, long updated, long unchanged) {
        Applied plus(Applied other) {
            return new Applied(imported + other.imported, updated + other.updated, unchanged + other.unchanged);
        }

        long total() {
            return imported + updated + unchanged;
        }
    }

    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;

    CaseStore(MongoTemplate mongo) {
        this.mongo = mongo;
        createIndexes();
    }

    MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** The filters' indexes. Created at start-up; creating an existing index is a no-op. */
    private void createIndexes() {
        MongoCollection<Document> cases = collection();
        for (String field : List.of(DISTRICT, FRAUD_TYPE, OCCUPATION, REPORT_DATE, IMPORT_BATCH_IDS)) {
            cases.createIndex(Indexes.ascending(field), new IndexOptions().name(field));
        }
    }

    /**
     * Inserts new case numbers, updates changed ones (recording the batch among the case's sources) and leaves equal
     * ones alone. Idempotent: applying the same records again finds them all unchanged.
     * <p>
     * Inserts are tried first and the store's unique {@code _id} index says which numbers exist already: only those
     * are then read and compared. A first import thus costs what a bare {@code insertMany} costs, and a case number
     * inserted meanwhile by another import is handled like any existing one.
     */
    Applied apply(List<CaseRecord> records, String batchId, Instant now) {
        MongoCollection<Document> cases = collection();
        List<Document> inserts = new ArrayList<>(records.size());
        for (CaseRecord record : records) {
            Document doc = new Document("_id", record.caseNo());
            doc.putAll(fields(record));
            doc.append(IMPORT_BATCH_IDS, List.of(batchId)).append(CREATED_AT, Date.from(now)).append(UPDATED_AT, Date.from(now));
            inserts.add(doc);
        }
        List<CaseRecord> existing = new ArrayList<>();
        try {
            cases.insertMany(inserts, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                existing.add(records.get(error.getIndex()));
            }
        }
        return new Applied(records.size() - existing.size(), 0, 0).plus(updateExisting(existing, batchId, now));
    }

    /** Inserts one case; answers {@code false}, writing nothing, when its case number exists. */
    boolean insertNew(CaseRecord record, String batchId, Instant now) {
        Document doc = new Document("_id", record.caseNo());
        doc.putAll(fields(record));
        doc.append(IMPORT_BATCH_IDS, List.of(batchId)).append(CREATED_AT, Date.from(now)).append(UPDATED_AT, Date.from(now));
        try {
            collection().insertOne(doc);
            return true;
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Compares records whose case numbers exist with what is stored and updates the changed ones. */
    private Applied updateExisting(List<CaseRecord> records, String batchId, Instant now) {
        if (records.isEmpty()) {
            return new Applied(0, 0, 0);
        }
        MongoCollection<Document> cases = collection();
        Map<String, Document> stored = new HashMap<>();
        cases.find(in("_id", records.stream().map(CaseRecord::caseNo).toList()))
                .forEach(d -> stored.put(d.getString("_id"), d));
        List<WriteModel<Document>> updates = new ArrayList<>();
        List<Document> undo = new ArrayList<>();
        List<CaseRecord> vanished = new ArrayList<>();
        long unchanged = 0;
        for (CaseRecord record : records) {
            Document fields = fields(record);
            Document old = stored.get(record.caseNo());
            if (old == null) {
                vanished.add(record); // deleted since the insert failed: insert it after all
            } else if (sameFields(old, fields)) {
                unchanged++;
            } else {
                updates.add(new UpdateOneModel<>(Filters.eq("_id", record.caseNo()), update(old, fields, batchId, now)));
                undo.add(new Document("_id", batchId + ":" + record.caseNo()).append("batchId", batchId).append("before", old));
            }
        }
        if (!updates.isEmpty()) {
            // what the cases were, so that a file refused later can be undone (unordered: an entry kept from a retried batch stays)
            try {
                undoLog().insertMany(undo, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != DUPLICATE_KEY)) {
                    throw e;
                }
            }
            cases.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
        Applied applied = new Applied(0, updates.size(), unchanged);
        return vanished.isEmpty() ? applied : applied.plus(apply(vanished, batchId, now));
    }

    private MongoCollection<Document> undoLog() {
        return mongo.getCollection(UNDO_COLLECTION);
    }

    /**
     * Undoes what an import wrote: deletes the cases it created and puts back the cases it changed, as they were.
     * An import writes while it still reads, so a file refused part-way (a zip bomb, too many rows) leaves the store as
     * it was after this. A case changed by a later import since is left as that import made it.
     */
    void undo(String batchId) {
        MongoCollection<Document> cases = collection();
        cases.deleteMany(Filters.eq(IMPORT_BATCH_IDS, List.of(batchId)));
        List<WriteModel<Document>> restores = new ArrayList<>();
        for (Document entry : undoLog().find(Filters.eq("batchId", batchId))) {
            Document before = entry.get("before", Document.class);
            int sources = before.getList(IMPORT_BATCH_IDS, String.class, List.of()).size();
            restores.add(new com.mongodb.client.model.ReplaceOneModel<>(
                    Filters.and(Filters.eq("_id", before.get("_id")), Filters.size(IMPORT_BATCH_IDS, sources + 1),
                            Filters.eq(IMPORT_BATCH_IDS + "." + sources, batchId)),
                    before));
            if (restores.size() == 1000) {
                cases.bulkWrite(restores, new BulkWriteOptions().ordered(false));
                restores.clear();
            }
        }
        if (!restores.isEmpty()) {
            cases.bulkWrite(restores, new BulkWriteOptions().ordered(false));
        }
        forgetUndo(batchId);
    }

    /** Drops an import's undo entries once it has succeeded. */
    void forgetUndo(String batchId) {
        undoLog().deleteMany(Filters.eq("batchId", batchId));
    }

    private static boolean sameFields(Document old, Document fields) {
        for (String field : RECORD_FIELDS) {
            if (!Objects.equals(old.get(field), fields.get(field))) {
                return false;
            }
        }
        return true;
    }

    private static Document update(Document old, Document fields, String batchId, Instant now) {
        Document set = new Document(fields).append(UPDATED_AT, Date.from(now));
        Document unset = new Document();
        for (String field : RECORD_FIELDS) {
            if (!fields.containsKey(field) && old.containsKey(field)) {
                unset.append(field, "");
            }
        }
        Document update = new Document("$set", set).append("$addToSet", new Document(IMPORT_BATCH_IDS, batchId));
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        return update;
    }

    /** The record's fields as stored; empty fields are left out rather than stored as null. */
    static Document fields(CaseRecord r) {
        Document d = new Document();
        putIfPresent(d, REPORT_DATE, r.reportDate() == null ? null : toDate(r.reportDate()));
        putIfPresent(d, DISTRICT, r.district());
        putIfPresent(d, AGE, r.victimAge());
        putIfPresent(d, GENDER, r.gender());
        putIfPresent(d, OCCUPATION, r.occupation());
        putIfPresent(d, EDUCATION, r.education());
        putIfPresent(d, FRAUD_TYPE, r.fraudType());
        putIfPresent(d, CONTACT_CHANNEL, r.contactChannel());
        putIfPresent(d, VENUE, r.venue());
        putIfPresent(d, LOSS_FEN, r.loss() == null ? null : r.loss().movePointRight(2).longValueExact());
        putIfPresent(d, NOTE, r.note());
        return d;
    }

    /** The stored document of a case, for the query side. */
    static StoredCase toStoredCase(Document d) {
        Number lossFen = (Number) d.get(LOSS_FEN);
        Date reportDate = d.getDate(REPORT_DATE);
        Date createdAt = d.getDate(CREATED_AT);
        Date updatedAt = d.getDate(UPDATED_AT);
        return new StoredCase(d.getString("_id"),
                reportDate == null ? null : LocalDate.ofInstant(reportDate.toInstant(), ZoneOffset.UTC),
                d.getString(DISTRICT), d.getInteger(AGE), d.getString(GENDER), d.getString(OCCUPATION), d.getString(EDUCATION),
                d.getString(FRAUD_TYPE), d.getString(CONTACT_CHANNEL), d.getString(VENUE),
                lossFen == null ? null : CaseValues.plain(BigDecimal.valueOf(lossFen.longValue(), 2)),
                d.getString(NOTE), d.getList(IMPORT_BATCH_IDS, String.class, List.of()),
                createdAt == null ? null : createdAt.toInstant(), updatedAt == null ? null : updatedAt.toInstant());
    }

    /** The record part of a stored document, for reading many cases without their sources and times. */
    static CaseRecord toRecord(Document d) {
        Number lossFen = (Number) d.get(LOSS_FEN);
        Date reportDate = d.getDate(REPORT_DATE);
        return new CaseRecord(d.getString("_id"),
                reportDate == null ? null : LocalDate.ofInstant(reportDate.toInstant(), ZoneOffset.UTC),
                d.getString(DISTRICT), d.getInteger(AGE), d.getString(GENDER), d.getString(OCCUPATION), d.getString(EDUCATION),
                d.getString(FRAUD_TYPE), d.getString(CONTACT_CHANNEL), d.getString(VENUE),
                lossFen == null ? null : CaseValues.plain(BigDecimal.valueOf(lossFen.longValue(), 2)), d.getString(NOTE));
    }

    static Date toDate(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static void putIfPresent(Document d, String field, Object value) {
        if (value != null) {
            d.append(field, value);
        }
    }
}
