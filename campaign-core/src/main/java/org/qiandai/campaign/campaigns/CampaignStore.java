package org.qiandai.campaign.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code campaigns} collection: one document per campaign holding its plan, status and whole history, so that a
 * transition is one single-document update. Every update is conditional on the version (and status) it was decided
 * on and increments the version: of two racing approvals only one matches. Dates are stored as {@code yyyy-MM-dd}.
 */
@Component
class CampaignStore {

    static final String COLLECTION = "campaigns";

    private final MongoTemplate mongo;

    CampaignStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.descending("createdAt"), new IndexOptions().name("createdAt"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    void insert(Campaign c) {
        Document d = fields(c).append("_id", c.id()).append("owner", c.owner()).append("createdAt", Date.from(c.createdAt()))
                .append("version", 1L).append("history", c.added().stream().map(CampaignStore::transition).toList());
        collection().insertOne(d);
    }

    /**
     * Writes the changes made to a loaded campaign if nobody changed it since it was loaded.
     *
     * @return false when it changed meanwhile (or is gone): nothing was written
     */
    boolean update(Campaign c, CampaignStatus loadedStatus) {
        List<Bson> sets = new ArrayList<>();
        fields(c).forEach((k, v) -> sets.add(Updates.set(k, v)));
        sets.add(Updates.set("version", c.version() + 1));
        sets.add(Updates.pushEach("history", c.added().stream().map(CampaignStore::transition).toList()));
        Bson filter = Filters.and(Filters.eq("_id", c.id()), Filters.eq("version", c.version()), Filters.eq("status", loadedStatus.name()));
        return collection().updateOne(filter, Updates.combine(sets)).getModifiedCount() == 1;
    }

    Optional<Campaign> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first()).map(CampaignStore::campaign);
    }

    /** Newest first; each argument may be null. A period filter keeps the campaigns whose period overlaps it. */
    List<Campaign> list(List<CampaignStatus> statuses, LocalDate from, LocalDate to, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (statuses != null && !statuses.isEmpty()) {
            filters.add(Filters.in("status", statuses.stream().map(Enum::name).toList()));
        }
        if (from != null) {
            filters.add(Filters.gte("to", from.toString()));
        }
        if (to != null) {
            filters.add(Filters.lte("from", to.toString()));
        }
        List<Campaign> result = new ArrayList<>();
        collection().find(filters.isEmpty() ? new Document() : Filters.and(filters)).sort(Sorts.descending("createdAt")).limit(limit)
                .forEach(d -> result.add(campaign(d)));
        return result;
    }

    /** Ids of the campaigns in these statuses that use a template. */
    List<String> usingTemplate(String templateId, List<CampaignStatus> statuses) {
        List<String> ids = new ArrayList<>();
        collection().find(Filters.and(Filters.eq("templateIds", templateId), Filters.in("status", statuses.stream().map(Enum::name).toList())))
                .projection(new Document("_id", 1)).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    private static Document fields(Campaign c) {
        CampaignDraft p = c.plan();
        return new Document("name", p.name()).append("goal", p.goal())
                .append("from", p.from().toString()).append("to", p.to().toString())
                .append("districts", p.districts()).append("segmentIds", p.segmentIds()).append("channels", p.channels())
                .append("templateIds", p.templateIds()).append("status", c.status().name())
                .append("submittedBy", c.submittedBy()).append("reason", c.reason()).append("updatedAt", Date.from(c.updatedAt()));
    }

    private static Document transition(CampaignTransition t) {
        return new Document("action", t.action()).append("from", t.from() == null ? null : t.from().name())
                .append("to", t.to().name()).append("by", t.by()).append("at", Date.from(t.at())).append("reason", t.reason());
    }

    private static Campaign campaign(Document d) {
        CampaignDraft plan = new CampaignDraft(d.getString("name"), d.getString("goal"), LocalDate.parse(d.getString("from")),
                LocalDate.parse(d.getString("to")), d.getList("districts", String.class, List.of()),
                d.getList("segmentIds", String.class, List.of()), d.getList("channels", String.class, List.of()),
                d.getList("templateIds", String.class, List.of()));
        List<CampaignTransition> history = new ArrayList<>();
        for (Document t : d.getList("history", Document.class, List.of())) {
            String from = t.getString("from");
            history.add(new CampaignTransition(t.getString("action"), from == null ? null : CampaignStatus.valueOf(from),
                    CampaignStatus.valueOf(t.getString("to")), t.getString("by"), instant(t.getDate("at")), t.getString("reason")));
        }
        Number version = d.get("version", Number.class);
        return new Campaign(d.getString("_id"), plan, d.getString("owner"), CampaignStatus.valueOf(d.getString("status")),
                d.getString("submittedBy"), d.getString("reason"), instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")),
                history, version == null ? 0 : version.longValue());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
