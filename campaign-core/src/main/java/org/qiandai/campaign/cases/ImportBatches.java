package org.qiandai.campaign.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The {@code case_imports} collection: one document per import, its progress while it runs, its summary after. */
@Component
class ImportBatches {

    static final String COLLECTION = "case_imports";

    private final MongoTemplate mongo;

    ImportBatches(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.descending("startedAt"), new IndexOptions().name("startedAt"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    void start(String batchId, String fileName, String format, String user, Instant now) {
        collection().insertOne(new Document("_id", batchId).append("fileName", fileName).append("format", format)
                .append("status", ImportStatus.RUNNING.name()).append("startedBy", user).append("startedAt", Date.from(now))
                .append("heartbeatAt", Date.from(now)).append("rows", 0L).append("imported", 0L).append("updated", 0L)
                .append("unchanged", 0L).append("rejected", 0L).append("ignoredColumns", List.of()).append("errors", List.of())
                .append("errorsTruncated", false).append("progress", progress(new ImportProgress("reading", 0, 0))));
    }

    /**
     * Counts one case added from a source other than a file, creating the source's entry (DONE, format {@code format})
     * with its first case: one upsert, so cases confirmed at once from the same source all count.
     */
    void recordAdded(String batchId, String name, String format, String user, Instant now) {
        collection().updateOne(Filters.eq("_id", batchId), Updates.combine(
                Updates.setOnInsert("fileName", name), Updates.setOnInsert("format", format),
                Updates.setOnInsert("status", ImportStatus.DONE.name()), Updates.setOnInsert("startedBy", user),
                Updates.setOnInsert("startedAt", Date.from(now)), Updates.setOnInsert("updated", 0L),
                Updates.setOnInsert("unchanged", 0L), Updates.setOnInsert("rejected", 0L),
                Updates.setOnInsert("ignoredColumns", List.of()), Updates.setOnInsert("errors", List.of()),
                Updates.setOnInsert("errorsTruncated", false),
                Updates.inc("rows", 1L), Updates.inc("imported", 1L),
                Updates.set("finishedAt", Date.from(now)), Updates.set("heartbeatAt", Date.from(now))),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    void progress(String batchId, ImportProgress progress, Instant now) {
        update(batchId, Updates.combine(Updates.set("progress", progress(progress)), Updates.set("heartbeatAt", Date.from(now))));
    }

    void finish(String batchId, String format, long rows, CaseStore.Applied applied, long rejected, List<String> ignoredColumns,
                List<ImportError> errors, boolean errorsTruncated, Instant now) {
        List<Document> errorDocs = new ArrayList<>(errors.size());
        for (ImportError e : errors) {
            errorDocs.add(new Document("row", e.row()).append("column", e.column()).append("value", e.value()).append("message", e.message()));
        }
        update(batchId, Updates.combine(Updates.set("status", ImportStatus.DONE.name()), Updates.set("format", format),
                Updates.set("rows", rows), Updates.set("imported", applied.imported()), Updates.set("updated", applied.updated()),
                Updates.set("unchanged", applied.unchanged()), Updates.set("rejected", rejected),
                Updates.set("ignoredColumns", ignoredColumns), Updates.set("errors", errorDocs),
                Updates.set("errorsTruncated", errorsTruncated), Updates.set("finishedAt", Date.from(now)),
                Updates.set("heartbeatAt", Date.from(now)),
                Updates.set("progress", progress(new ImportProgress("done", 100, rows)))));
    }

    void fail(String batchId, String failure, Instant now) {
        update(batchId, Updates.combine(Updates.set("status", ImportStatus.FAILED.name()), Updates.set("failure", failure),
                Updates.set("finishedAt", Date.from(now)), Updates.set("heartbeatAt", Date.from(now))));
    }

    /** Marks imports whose process stopped (no heartbeat for {@code silence}) as failed, so none shows as running forever. */
    long failAbandoned(Instant now, Duration silence) {
        return collection().updateMany(
                Filters.and(Filters.eq("status", ImportStatus.RUNNING.name()), Filters.lt("heartbeatAt", Date.from(now.minus(silence)))),
                Updates.combine(Updates.set("status", ImportStatus.FAILED.name()),
                        Updates.set("failure", "interrupted: the application stopped during the import; import the file again"),
                        Updates.set("finishedAt", Date.from(now)))).getModifiedCount();
    }

    Optional<ImportSummary> find(String batchId) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", batchId)).first()).map(ImportBatches::summary);
    }

    List<ImportSummary> list(int limit) {
        List<ImportSummary> result = new ArrayList<>();
        collection().find().projection(Projections.exclude("errors")).sort(Sorts.descending("startedAt")).limit(limit)
                .forEach(d -> result.add(summary(d)));
        return result;
    }

    private void update(String batchId, Bson update) {
        collection().updateOne(Filters.eq("_id", batchId), update);
    }

    private static Document progress(ImportProgress p) {
        return new Document("phase", p.phase()).append("percent", p.percent()).append("rowsRead", p.rowsRead());
    }

    private static ImportSummary summary(Document d) {
        List<ImportError> errors = new ArrayList<>();
        for (Document e : d.getList("errors", Document.class, List.of())) {
            errors.add(new ImportError(number(e.get("row")), e.getString("column"), e.getString("value"), e.getString("message")));
        }
        Document p = d.get("progress", Document.class);
        ImportProgress progress = p == null ? null
                : new ImportProgress(p.getString("phase"), (int) number(p.get("percent")), number(p.get("rowsRead")));
        return new ImportSummary(d.getString("_id"), d.getString("fileName"), d.getString("format"),
                ImportStatus.valueOf(d.getString("status")), d.getString("startedBy"), instant(d.getDate("startedAt")),
                instant(d.getDate("finishedAt")), number(d.get("rows")), number(d.get("imported")), number(d.get("updated")),
                number(d.get("unchanged")), number(d.get("rejected")), d.getList("ignoredColumns", String.class, List.of()),
                errors, Boolean.TRUE.equals(d.getBoolean("errorsTruncated")), progress, d.getString("failure"));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
