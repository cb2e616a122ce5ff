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

/** The {@code segments} collection: one document per segment, {@code _id} its id, the rule as nested {@code all}/{@code any}/condition documents. */
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
        Document doc = new Document("_id", s.id()).append("name", s.name()).append("description", s.description())
                .append("rule", ruleDocument(s.rule()))
                .append("createdBy", s.createdBy()).append("createdAt", Date.from(s.createdAt()))
                .append("updatedBy", s.updatedBy()).append("updatedAt", Date.from(s.updatedAt()));
        SegmentInterest interest = s.interest();
        if (interest != null) {
            doc.append("interest", new Document("fraudTypes", interest.fraudTypes()).append("venues", interest.venues())
                    .append("contactChannels", interest.contactChannels()));
        }
        SegmentSource source = s.source();
        if (source != null) {
            doc.append("source", new Document("runId", source.runId()).append("profileIndex", source.profileIndex())
                    .append("label", source.label()));
        }
        return doc;
    }

    static Document ruleDocument(SegmentRule rule) {
        if (rule.isGroup()) {
            return new Document(rule.matchesAll() ? "all" : "any", rule.rules().stream().map(SegmentStore::ruleDocument).toList());
        }
        return new Document("field", rule.field()).append("op", rule.op()).append("values", rule.values());
    }

    @SuppressWarnings("unchecked")
    static SegmentRule rule(Document d) {
        if (d.containsKey("all") || d.containsKey("any")) {
            List<SegmentRule> rules = ((List<Document>) d.get(d.containsKey("all") ? "all" : "any")).stream().map(SegmentStore::rule).toList();
            return d.containsKey("all") ? SegmentRule.all(rules) : SegmentRule.any(rules);
        }
        return new SegmentRule(null, null, d.getString("field"), d.getString("op"), new ArrayList<>((List<Object>) d.get("values")));
    }

    private static Segment segment(Document d) {
        Document ruleDoc = d.get("rule", Document.class);
        SegmentRule rule;
        SegmentInterest interest = null;
        Document interestDoc = d.get("interest", Document.class);
        if (interestDoc != null) {
            interest = new SegmentInterest(interestDoc.getList("fraudTypes", String.class), interestDoc.getList("venues", String.class),
                    interestDoc.getList("contactChannels", String.class));
        }
        if (ruleDoc.containsKey("match")) { // saved before rules nested: {match, conditions: [{attribute, min, max, values}]}
            List<SegmentRule> rules = new ArrayList<>();
            List<String> fraudTypes = new ArrayList<>();
            List<String> venues = new ArrayList<>();
            List<String> channels = new ArrayList<>();
            for (Document c : ruleDoc.getList("conditions", Document.class, List.of())) {
                List<String> values = c.getList("values", String.class, List.of());
                switch (c.getString("attribute")) {
                    case "AGE" -> rules.add(SegmentRule.ageBetween(c.getInteger("min"), c.getInteger("max")));
                    case "FRAUD_TYPE" -> fraudTypes.addAll(values);
                    case "VENUE" -> venues.addAll(values);
                    case "CONTACT_CHANNEL" -> channels.addAll(values);
                    default -> rules.add(SegmentRule.in(SegmentField.valueOf(c.getString("attribute")), values));
                }
            }
            rule = "ANY".equals(ruleDoc.getString("match")) ? SegmentRule.any(rules) : SegmentRule.all(rules);
            SegmentInterest old = new SegmentInterest(fraudTypes, venues, channels);
            interest = old.isEmpty() ? null : old;
        } else {
            rule = rule(ruleDoc);
        }
        Document source = d.get("source", Document.class);
        return new Segment(d.getString("_id"), d.getString("name"), d.getString("description"), rule, interest,
                source == null ? null : new SegmentSource(source.getString("runId"), source.getInteger("profileIndex"), source.getString("label")),
                d.getString("createdBy"), instant(d.getDate("createdAt")), d.getString("updatedBy"), instant(d.getDate("updatedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
