package org.qiandai.campaign.segments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The {@code segments} collection: one document per segment, {@code _id} its id, the rule as plain fields. */
@Component
class SegmentStore {

    static final String COLLECTION = "segments";

    private final MongoTemplate mongo;

    SegmentStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.descending("createdAt"), new IndexOptions().name("createdAt"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    void insert(Segment segment) {
        collection().insertOne(document(segment));
    }

    void replace(Segment segment) {
        collection().replaceOne(Filters.eq("_id", segment.id()), document(segment), new ReplaceOptions().upsert(false));
    }

    boolean delete(String id) {
        return collection().deleteOne(Filters.eq("_id", id)).getDeletedCount() > 0;
    }

    Optional<Segment> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first()).map(SegmentStore::segment);
    }

    List<Segment> list(int limit) {
        List<Segment> result = new ArrayList<>();
        collection().find().sort(Sorts.descending("createdAt")).limit(limit).forEach(d -> result.add(segment(d)));
        return result;
    }

    private static Document document(Segment s) {
        List<Document> conditions = new ArrayList<>();
        for (SegmentCondition c : s.rule().conditions()) {
            Document d = new Document("attribute", c.attribute().name());
            if (c.min() != null) {
                d.append("min", c.min());
            }
            if (c.max() != null) {
                d.append("max", c.max());
            }
            if (!c.values().isEmpty()) {
                d.append("values", c.values());
            }
            conditions.add(d);
        }
        Document doc = new Document("_id", s.id()).append("name", s.name()).append("description", s.description())
                .append("rule", new Document("match", s.rule().match().name()).append("conditions", conditions))
                .append("createdBy", s.createdBy()).append("createdAt", Date.from(s.createdAt()))
                .append("updatedBy", s.updatedBy()).append("updatedAt", Date.from(s.updatedAt()));
        SegmentSource source = s.source();
        if (source != null) {
            doc.append("source", new Document("runId", source.runId()).append("profileIndex", source.profileIndex())
                    .append("label", source.label()));
        }
        return doc;
    }

    private static Segment segment(Document d) {
        Document rule = d.get("rule", Document.class);
        List<SegmentCondition> conditions = new ArrayList<>();
        for (Document c : rule.getList("conditions", Document.class, List.of())) {
            conditions.add(new SegmentCondition(SegmentAttribute.valueOf(c.getString("attribute")), c.getInteger("min"),
                    c.getInteger("max"), c.getList("values", String.class, List.of())));
        }
        Document source = d.get("source", Document.class);
        return new Segment(d.getString("_id"), d.getString("name"), d.getString("description"),
                new SegmentRule(SegmentRule.Match.valueOf(rule.getString("match")), conditions),
                source == null ? null : new SegmentSource(source.getString("runId"), source.getInteger("profileIndex"), source.getString("label")),
                d.getString("createdBy"), instant(d.getDate("createdAt")), d.getString("updatedBy"), instant(d.getDate("updatedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
