package org.qiandai.targeting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.qiandai.campaign.cases.CaseSelection;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code profile_runs} collection: one document per run, keyed by its id. Status changes are single-document
 * conditional updates ({@code status} in the states it may leave), so a cancel and the worker's finish cannot both win.
 * The results are written once, as a whole, through Spring Data's converter (the engine's records may grow fields);
 * the assignments live in GridFS and the run keeps the file's id.
 */
@Component
class ProfileRunStore {

    static final String COLLECTION = "profile_runs";
    private static final String RESULT = "result";
    private static final List<String> ACTIVE = List.of(ProfileRunStatus.QUEUED.name(), ProfileRunStatus.RUNNING.name());

    /** What a finished run keeps besides its counts; written and read as a whole. */
    record RunResult(KSelection kSelection, Map<String, Double> quality, List<Profile> profiles, List<ScatterPoint> scatter,
                     ProfileModel model) {
    }

    private final MongoTemplate mongo;

    ProfileRunStore(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.descending("createdAt"), new IndexOptions().name("createdAt"));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    void insert(String id, CaseSelection filter, ProfileParameters parameters, ProfileRunStatus status, String user, Instant now) {
        Document doc = new Document("_id", id).append("status", status.name()).append("progress", 0.0)
                .append("stage", status == ProfileRunStatus.QUEUED ? "queued" : "starting")
                .append("filter", filter(filter)).append("parameters", parameters(parameters))
                .append("createdBy", user).append("createdAt", Date.from(now)).append("heartbeatAt", Date.from(now));
        if (status == ProfileRunStatus.RUNNING) {
            doc.append("startedAt", Date.from(now));
        }
        collection().insertOne(doc);
    }

    /** QUEUED (or RUNNING, if the start already said so) to RUNNING; false when the run was cancelled meanwhile. */
    boolean markRunning(String id, Instant now) {
        return collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.in("status", ACTIVE)),
                Updates.combine(Updates.set("status", ProfileRunStatus.RUNNING.name()), Updates.set("stage", "loading"),
                        Updates.set("startedAt", Date.from(now)), Updates.set("heartbeatAt", Date.from(now)))).getModifiedCount() > 0;
    }

    /** @return false when the run is no longer running (cancelled), which tells the worker to stop */
    boolean progress(String id, double progress, String stage, Instant now) {
        return collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", ProfileRunStatus.RUNNING.name())),
                Updates.combine(Updates.set("progress", progress), Updates.set("stage", stage),
                        Updates.set("heartbeatAt", Date.from(now)))).getMatchedCount() > 0;
    }

    void heartbeat(String id, Instant now) {
        collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.in("status", ACTIVE)), Updates.set("heartbeatAt", Date.from(now)));
    }

    /** RUNNING to DONE with the results; false (and nothing written) when the run was cancelled meanwhile. */
    boolean finish(String id, long caseCount, ProfilingOutcome outcome, ObjectId assignments, Instant now) {
        Document result = new Document();
        mongo.getConverter().write(new RunResult(outcome.kSelection(), outcome.quality(), outcome.profiles(), outcome.scatter(),
                outcome.model()), result);
        result.remove("_class");
        return collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", ProfileRunStatus.RUNNING.name())),
                Updates.combine(Updates.set("status", ProfileRunStatus.DONE.name()), Updates.set("progress", 1.0),
                        Updates.set("stage", "done"), Updates.set("caseCount", caseCount), Updates.set("k", outcome.k()),
                        Updates.set(RESULT, result), Updates.set("assignments", assignments),
                        Updates.set("finishedAt", Date.from(now)), Updates.set("heartbeatAt", Date.from(now)))).getModifiedCount() > 0;
    }

    /** A queued or running run ends with {@code status} (FAILED or CANCELLED); false when it had already ended. */
    boolean end(String id, ProfileRunStatus status, String error, Instant now) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", status.name()),
                Updates.set("stage", status.name().toLowerCase()), Updates.set("finishedAt", Date.from(now))));
        if (error != null) {
            updates.add(Updates.set("error", error));
        }
        return collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.in("status", ACTIVE)), Updates.combine(updates))
                .getModifiedCount() > 0;
    }

    /** Queued or running runs whose worker has not been heard from since {@code silentSince}: their process stopped. */
    List<String> silentSince(Instant silentSince) {
        List<String> ids = new ArrayList<>();
        collection().find(Filters.and(Filters.in("status", ACTIVE), Filters.lt("heartbeatAt", Date.from(silentSince))))
                .projection(Projections.include("_id")).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    Optional<ProfileRun> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).projection(Projections.exclude(RESULT + ".model")).first())
                .map(this::run);
    }

    Optional<ProfileModel> model(String id) {
        Document d = collection().find(Filters.eq("_id", id)).projection(Projections.include(RESULT + ".model")).first();
        Document result = d == null ? null : d.get(RESULT, Document.class);
        Document model = result == null ? null : result.get("model", Document.class);
        return Optional.ofNullable(model).map(m -> mongo.getConverter().read(ProfileModel.class, m));
    }

    Optional<ObjectId> assignments(String id) {
        Document d = collection().find(Filters.eq("_id", id)).projection(Projections.include("assignments")).first();
        return Optional.ofNullable(d == null ? null : d.getObjectId("assignments"));
    }

    List<ProfileRunSummary> list(int limit) {
        List<ProfileRunSummary> runs = new ArrayList<>();
        collection().find().projection(Projections.exclude(RESULT)).sort(Sorts.descending("createdAt")).limit(limit)
                .forEach(d -> runs.add(run(d).summary()));
        return runs;
    }

    private ProfileRun run(Document d) {
        Document resultDoc = d.get(RESULT, Document.class);
        RunResult result = resultDoc == null ? null : mongo.getConverter().read(RunResult.class, resultDoc);
        Number caseCount = (Number) d.get("caseCount");
        return new ProfileRun(d.getString("_id"), ProfileRunStatus.valueOf(d.getString("status")),
                ((Number) d.get("progress", 0.0)).doubleValue(), d.getString("stage"), filter(d.get("filter", Document.class)),
                parameters(d.get("parameters", Document.class)), d.getString("createdBy"), instant(d.getDate("createdAt")),
                instant(d.getDate("startedAt")), instant(d.getDate("finishedAt")), d.getString("error"),
                caseCount == null ? null : caseCount.longValue(), d.getInteger("k"),
                result == null ? null : result.kSelection(), result == null ? null : result.quality(),
                result == null ? null : result.profiles(), result == null ? null : result.scatter());
    }

    private static Document filter(CaseSelection s) {
        return new Document("importBatchId", s.importBatchId()).append("from", s.from() == null ? null : s.from().toString())
                .append("to", s.to() == null ? null : s.to().toString()).append("districts", s.districts())
                .append("fraudTypes", s.fraudTypes());
    }

    private static CaseSelection filter(Document d) {
        if (d == null) {
            return CaseSelection.all();
        }
        return new CaseSelection(d.getString("importBatchId"), date(d.getString("from")), date(d.getString("to")),
                d.getList("districts", String.class, List.of()), d.getList("fraudTypes", String.class, List.of()));
    }

    private static Document parameters(ProfileParameters p) {
        return new Document("k", p.k()).append("features", p.features() == null ? null : p.features().stream().sorted().map(Enum::name).toList())
                .append("seed", p.seed()).append("minK", p.minK()).append("maxK", p.maxK());
    }

    private static ProfileParameters parameters(Document d) {
        List<String> names = d.getList("features", String.class);
        Set<CaseFeature> features = null;
        if (names != null) {
            features = EnumSet.noneOf(CaseFeature.class);
            for (String name : names) {
                features.add(CaseFeature.valueOf(name));
            }
        }
        return new ProfileParameters(d.getInteger("k"), features, ((Number) d.get("seed")).longValue(), d.getInteger("minK"),
                d.getInteger("maxK"));
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
