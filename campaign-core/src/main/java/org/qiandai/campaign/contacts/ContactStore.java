package org.qiandai.campaign.contacts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
import org.qiandai.campaign.store.InProcessReads;
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

    /** The fields a push's audience needs of each contact. */
    private static final java.util.Set<String> RECIPIENT_FIELDS = java.util.Set.of("_id", "phone", "district", "language", "mobile");

    private final MongoTemplate mongo;
    private final InProcessReads inProcess;

    ContactStore(MongoTemplate mongo, InProcessReads inProcess) {
        this.mongo = mongo;
        this.inProcess = inProcess;
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
            Document set = changed(r, by, batchId, at);
            Document onInsert = created(r, by, at);
            writes.add(new UpdateOneModel<>(Filters.eq("_id", r.id()), new Document("$set", set).append("$setOnInsert", onInsert),
                    new UpdateOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return new Applied(inserted, updated, unchanged);
    }

    /** A new contact's stored form, as {@link #write} leaves it: for loading generated contacts in bulk. */
    static Document document(ContactRecord r, String by, String batchId, Instant at) {
        Document d = new Document("_id", r.id());
        d.putAll(created(r, by, at));
        d.putAll(changed(r, by, batchId, at));
        return d;
    }

    private static Document changed(ContactRecord r, String by, String batchId, Instant at) {
        Document set = attributes(r).append("updatedAt", Date.from(at)).append("updatedBy", by);
        if (batchId != null) {
            set.append("lastImportBatchId", batchId);
        }
        return set;
    }

    private static Document created(ContactRecord r, String by, Instant at) {
        return new Document("phone", r.encryptedPhone()).append("phoneMasked", r.maskedPhone())
                .append("createdAt", Date.from(at)).append("createdBy", by);
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

    /**
     * Matching contacts in {@code _id} order, read page by page: each page is the next {@code pageSize} matches after
     * the last id seen ({@code _id > last}, sorted by {@code _id}, limited), so a page costs its own documents on
     * MongoDB (the {@code _id} index) and on the embedded store (which reads {@code _id} ranges from its key order),
     * the heap holds one page, and contacts added or removed while a push is being queued never make a page repeat or
     * skip another contact. On an embedded store in this process the same order is read straight from the store's
     * key order ({@link InProcessReads}), one document at a time, without the wire protocol's three codings of each.
     */
    Stream<Document> matching(Bson filter, int pageSize) {
        if (inProcess.available()) {
            return inProcess.inIdOrder(mongo, COLLECTION, filter, RECIPIENT_FIELDS);
        }
        Iterator<Document> pages = new Iterator<>() {
            private Iterator<Document> page = Collections.emptyIterator();
            private String lastId = null;
            private boolean exhausted = false;

            @Override
            public boolean hasNext() {
                if (!page.hasNext() && !exhausted) {
                    Bson after = lastId == null ? Filters.gte("_id", "") : Filters.gt("_id", lastId);
                    List<Document> next = collection().find(Filters.and(filter, after))
                            .projection(Projections.include(List.copyOf(RECIPIENT_FIELDS)))
                            .sort(Sorts.ascending("_id")).limit(pageSize).into(new ArrayList<>(pageSize));
                    exhausted = next.size() < pageSize;
                    if (!next.isEmpty()) {
                        lastId = next.get(next.size() - 1).getString("_id");
                    }
                    page = next.iterator();
                }
                return page.hasNext();
            }

            @Override
            public Document next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
