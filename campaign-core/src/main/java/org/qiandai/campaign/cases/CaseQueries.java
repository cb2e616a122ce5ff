package org.qiandai.campaign.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        long total = mongo.count(query, CaseStore.COLLECTION);
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
