package org.qiandai.campaign.contacts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code contacts} collection: {@code _id} is the phone's keyed hash (so a number is one contact, and imports are
 * idempotent upserts by {@code _id}); {@code phone} the number encrypted, {@code phoneMasked} for display.
 */
@Component
class ContactStore {

    static final String COLLECTION = "contacts";

    /** What a bulk write did. */
    record Applied(long inserted, long updated, long unchanged) {
    }

    private final MongoTemplate mongo;

    ContactStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.ascending("district"), new IndexOptions().name("district"));
    }

    MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** Inserts the new records, updates the changed ones, leaves the unchanged: one read and one bulk write per call. */
    Applied write(List<ContactRecord> records, String by, String batchId, Instant at) {
        Map<String, ContactRecord> existing = new HashMap<>();
        collection().find(Filters.in("_id", records.stream().map(ContactRecord::id).toList()))
                .forEach(d -> existing.put(d.getString("_id"), record(d)));
        List<WriteModel<Document>> writes = new ArrayList<>();
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        for (ContactRecord r : records) {
            ContactRecord old = existing.get(r.id());
            if (old != null && old.sameAttributes(r)) {
                unchanged++;
                continue;
            }
            if (old == null) {
                inserted++;
            } else {
                updated++;
            }
            Document set = attributes(r).append("updatedAt", Date.from(at)).append("updatedBy", by);
            if (batchId != null) {
                set.append("lastImportBatchId", batchId);
            }
            Document onInsert = new Document("phone", r.encryptedPhone()).append("phoneMasked", r.maskedPhone())
                    .append("createdAt", Date.from(at)).append("createdBy", by);
            writes.add(new UpdateOneModel<>(Filters.eq("_id", r.id()), new Document("$set", set).append("$setOnInsert", onInsert),
                    new UpdateOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return new Applied(inserted, updated, unchanged);
    }

    private static Document attributes(ContactRecord r) {
        return new Document("mobile", r.mobile()).append("district", r.district()).append("birthYear", r.birthYear())
                .append("gender", r.gender()).append("occupation", r.occupation()).append("education", r.education())
                .append("language", r.language()).append("source", r.source())
                .append("consentDate", r.consentDate() == null ? null : r.consentDate().toString());
    }

    static ContactRecord record(Document d) {
        String consent = d.getString("consentDate");
        return new ContactRecord(d.getString("_id"), d.getString("phone"), d.getString("phoneMasked"), Boolean.TRUE.equals(d.getBoolean("mobile")),
                d.getString("district"), d.getInteger("birthYear"), d.getString("gender"), d.getString("occupation"),
                d.getString("education"), d.getString("language"), d.getString("source"), consent == null ? null : LocalDate.parse(consent));
    }

    Optional<Document> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first());
    }

    List<Document> page(Bson filter, int skip, int limit) {
        List<Document> result = new ArrayList<>();
        collection().find(filter).sort(Sorts.descending("createdAt")).skip(skip).limit(limit).forEach(result::add);
        return result;
    }

    long count(Bson filter) {
        return collection().countDocuments(filter);
    }

    /** The next {@code limit} matching contacts after {@code afterId} in {@code _id} order (the audience's stable paging). */
    List<Document> after(Bson filter, String afterId, int limit) {
        Bson where = afterId == null ? filter : Filters.and(filter, Filters.gt("_id", afterId));
        List<Document> result = new ArrayList<>(limit);
        collection().find(where).projection(Projections.include("_id", "phone", "district", "language", "mobile"))
                .sort(Sorts.ascending("_id")).limit(limit).forEach(result::add);
        return result;
    }
}
