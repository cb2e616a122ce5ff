package org.qiandai.campaign.templates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The {@code warning_templates} collection: one document per warning, {@code _id} its id. */
@Component
class TemplateStore {

    static final String COLLECTION = "warning_templates";

    private final MongoTemplate mongo;

    TemplateStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.descending("createdAt"), new IndexOptions().name("createdAt"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    void insert(TemplateView t) {
        collection().insertOne(document(t));
    }

    boolean replace(TemplateView t) {
        return collection().replaceOne(Filters.eq("_id", t.id()), document(t)).getMatchedCount() > 0;
    }

    Optional<TemplateView> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first()).map(TemplateStore::view);
    }

    List<TemplateView> list(int limit) {
        List<TemplateView> result = new ArrayList<>();
        collection().find().sort(Sorts.descending("createdAt")).limit(limit).forEach(d -> result.add(view(d)));
        return result;
    }

    private static Document document(TemplateView t) {
        return new Document("_id", t.id()).append("name", t.name()).append("channel", t.channel())
                .append("language", t.language()).append("body", t.body()).append("signature", t.signature())
                .append("encoding", t.encoding()).append("parts", t.parts()).append("characters", t.characters())
                .append("units", t.units()).append("variables", t.variables())
                .append("createdBy", t.createdBy()).append("createdAt", Date.from(t.createdAt()))
                .append("updatedBy", t.updatedBy()).append("updatedAt", Date.from(t.updatedAt()));
    }

    private static TemplateView view(Document d) {
        return new TemplateView(d.getString("_id"), d.getString("name"), d.getString("channel"), d.getString("language"),
                d.getString("body"), d.getString("signature"), d.getString("encoding"), d.getInteger("parts", 1),
                d.getInteger("characters", 0), d.getInteger("units", 0), d.getList("variables", String.class, List.of()),
                d.getString("createdBy"), instant(d.getDate("createdAt")), d.getString("updatedBy"),
                instant(d.getDate("updatedAt")), List.of(), List.of());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
