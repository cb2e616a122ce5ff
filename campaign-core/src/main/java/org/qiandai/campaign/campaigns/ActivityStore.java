package org.qiandai.campaign.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The {@code campaign_activities} collection: one document per offline activity; dates as {@code yyyy-MM-dd}. */
@Component
class ActivityStore {

    static final String COLLECTION = "campaign_activities";

    private final MongoTemplate mongo;

    ActivityStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.ascending("campaignId"), new IndexOptions().name("campaignId"));
        collection().createIndex(Indexes.ascending("from"), new IndexOptions().name("from"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    void insert(Activity a) {
        collection().insertOne(new Document("_id", a.id()).append("campaignId", a.campaignId()).append("kind", a.kind().name())
                .append("title", a.title()).append("place", a.place()).append("from", a.from().toString())
                .append("to", a.to().toString()).append("districts", a.districts()).append("estimatedAudience", a.estimatedAudience())
                .append("notes", a.notes()).append("recordedBy", a.recordedBy()).append("recordedAt", Date.from(a.recordedAt())));
    }

    List<Activity> ofCampaign(String campaignId) {
        return find(Filters.eq("campaignId", campaignId), 10_000);
    }

    /** Activities overlapping the period (either end may be null) in the district (null: any). */
    List<Activity> find(LocalDate from, LocalDate to, String district, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (from != null) {
            filters.add(Filters.gte("to", from.toString()));
        }
        if (to != null) {
            filters.add(Filters.lte("from", to.toString()));
        }
        if (district != null && !district.isBlank()) {
            filters.add(Filters.eq("districts", district.strip()));
        }
        return find(filters.isEmpty() ? new Document() : Filters.and(filters), limit);
    }

    private List<Activity> find(Bson filter, int limit) {
        List<Activity> result = new ArrayList<>();
        collection().find(filter).sort(Sorts.ascending("from")).limit(limit).forEach(d -> result.add(activity(d)));
        return result;
    }

    /** Every activity in {@code _id} order, streamed. */
    void forEach(java.util.function.Consumer<Activity> each) {
        collection().find().sort(Sorts.ascending("_id")).forEach(d -> each.accept(activity(d)));
    }

    private static Activity activity(Document d) {
        return new Activity(d.getString("_id"), d.getString("campaignId"), ActivityKind.valueOf(d.getString("kind")), d.getString("title"),
                d.getString("place"), LocalDate.parse(d.getString("from")), LocalDate.parse(d.getString("to")),
                d.getList("districts", String.class, List.of()), d.getInteger("estimatedAudience", 0), d.getString("notes"),
                d.getString("recordedBy"), instant(d.getDate("recordedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
