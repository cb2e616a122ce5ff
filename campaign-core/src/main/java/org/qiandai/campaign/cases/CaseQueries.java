package org.qiandai.campaign.cases;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.conversions.Bson;

import org.bson.Document;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Reads stored cases. */
@Service
public class CaseQueries {

    private final MongoTemplate mongo;

    CaseQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Cases matching the filter, newest report first, then by case number. */
    public Page<StoredCase> find(CaseFilter filter, Pageable pageable) {
        Query query = query(filter);
        // Unfiltered, the collection's own count answers at once; counting matches reads every document on the embedded store.
        long total = query.getQueryObject().isEmpty() ? count() : mongo.count(query, CaseStore.COLLECTION);
        query.with(Sort.by(Sort.Order.desc(CaseStore.REPORT_DATE), Sort.Order.asc("_id")))
                .skip(pageable.getOffset()).limit(pageable.getPageSize());
        List<StoredCase> content = mongo.find(query, Document.class, CaseStore.COLLECTION).stream()
                .map(CaseStore::toStoredCase).toList();
        return new PageImpl<>(content, pageable, total);
    }

    public Optional<StoredCase> get(String caseNo) {
        return Optional.ofNullable(mongo.findById(caseNo, Document.class, CaseStore.COLLECTION)).map(CaseStore::toStoredCase);
    }

    public long count() {
        return mongo.getCollection(CaseStore.COLLECTION).estimatedDocumentCount();
    }

    /** How many cases one page of {@link #records} reads from the store. */
    static final int RECORD_BATCH = 5_000;

    /**
     * The records of the selected cases in case-number ({@code _id}) order, read lazily a batch at a time (each batch
     * starts after the last case number seen, never with a skip), so that a caller holding the records does not also
     * hold their documents. The same selection over the same cases gives the same order.
     */
    public Stream<CaseRecord> records(CaseSelection selection) {
        Bson filter = filter(selection);
        Iterator<CaseRecord> pages = new Iterator<>() {
            private List<CaseRecord> page = List.of();
            private int next;
            private String last;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                Bson query = last == null ? filter : Filters.and(filter, Filters.gt("_id", last));
                List<CaseRecord> read = new ArrayList<>(RECORD_BATCH);
                mongo.getCollection(CaseStore.COLLECTION).find(query)
                        .projection(Projections.exclude(CaseStore.IMPORT_BATCH_IDS, CaseStore.CREATED_AT, CaseStore.UPDATED_AT))
                        .sort(Sorts.ascending("_id")).limit(RECORD_BATCH).batchSize(RECORD_BATCH)
                        .forEach(d -> read.add(CaseStore.toRecord(d)));
                exhausted = read.size() < RECORD_BATCH;
                page = read;
                next = 0;
                if (!read.isEmpty()) {
                    last = read.get(read.size() - 1).caseNo();
                }
                return !read.isEmpty();
            }

            @Override
            public CaseRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Whether any case matches: cheap when some do (the store stops at the first), a scan when none does. */
    public boolean any(CaseSelection selection) {
        return mongo.getCollection(CaseStore.COLLECTION).find(filter(selection)).projection(Projections.include("_id")).limit(1)
                .first() != null;
    }

    /** How many cases match; exact, and slow on the embedded store for a filtered selection of many cases. */
    public long count(CaseSelection selection) {
        if (selection.isAll()) {
            return count();
        }
        return mongo.getCollection(CaseStore.COLLECTION).countDocuments(filter(selection));
    }

    private static Bson filter(CaseSelection s) {
        List<Bson> filters = new ArrayList<>();
        if (s.importBatchId() != null) {
            filters.add(Filters.eq(CaseStore.IMPORT_BATCH_IDS, s.importBatchId()));
        }
        if (s.from() != null) {
            filters.add(Filters.gte(CaseStore.REPORT_DATE, CaseStore.toDate(s.from())));
        }
        if (s.to() != null) {
            filters.add(Filters.lt(CaseStore.REPORT_DATE, CaseStore.toDate(s.to().plusDays(1))));
        }
        if (!s.districts().isEmpty()) {
            filters.add(Filters.in(CaseStore.DISTRICT, s.districts()));
        }
        if (!s.fraudTypes().isEmpty()) {
            filters.add(Filters.in(CaseStore.FRAUD_TYPE, s.fraudTypes()));
        }
        return filters.isEmpty() ? Filters.empty() : Filters.and(filters);
    }

    public CaseFilterOptions filterOptions() {
        return new CaseFilterOptions(distinct(CaseStore.DISTRICT), distinct(CaseStore.FRAUD_TYPE), distinct(CaseStore.OCCUPATION));
    }

    private List<String> distinct(String field) {
        List<String> values = new ArrayList<>(mongo.findDistinct(new Query(), field, CaseStore.COLLECTION, String.class));
        values.removeIf(v -> v == null || v.isBlank());
        values.sort(null);
        return values;
    }

    private static Query query(CaseFilter filter) {
        List<Criteria> criteria = new ArrayList<>();
        addIfSet(criteria, CaseStore.DISTRICT, filter.district());
        addIfSet(criteria, CaseStore.FRAUD_TYPE, filter.fraudType());
        addIfSet(criteria, CaseStore.OCCUPATION, filter.occupation());
        addIfSet(criteria, CaseStore.IMPORT_BATCH_IDS, filter.importBatchId());
        if (filter.from() != null || filter.to() != null) {
            Criteria date = Criteria.where(CaseStore.REPORT_DATE);
            if (filter.from() != null) {
                date = date.gte(CaseStore.toDate(filter.from()));
            }
            if (filter.to() != null) {
                date = date.lt(CaseStore.toDate(filter.to().plusDays(1)));
            }
            criteria.add(date);
        }
        return criteria.isEmpty() ? new Query() : new Query(new Criteria().andOperator(criteria));
    }

    private static void addIfSet(List<Criteria> criteria, String field, String value) {
        if (value != null && !value.isBlank()) {
            criteria.add(Criteria.where(field).is(value.strip()));
        }
    }
}
