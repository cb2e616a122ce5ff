package org.qiandai.analytics.reach;

import static com.mongodb.client.model.Filters.eq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.qiandai.campaign.segments.SegmentSource;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Which victim profile each counted segment was saved from ({@code runId#profileIndex}, with the profile's label), and
 * its name. Kept in {@code analytics_segments} the first time a segment is counted, so that a segment deleted later
 * still counts under the same profile in a rebuild and still has a name on the dashboard.
 */
@Component
public class SegmentSources {

    /** A segment as analytics knows it; {@code profile} is null for a segment not saved from a profile. */
    public record Source(String segmentId, String name, String profile, String profileLabel) {
    }

    private final MongoTemplate mongo;
    private final Segments segments;
    private final Map<String, Source> cache = new ConcurrentHashMap<>();

    SegmentSources(MongoTemplate mongo, Segments segments) {
        this.mongo = mongo;
        this.segments = segments;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(ReachStore.SEGMENTS);
    }

    /** The profile key of a segment, or null. */
    public String profileOf(String segmentId) {
        return get(segmentId).profile();
    }

    public Source get(String segmentId) {
        return cache.computeIfAbsent(segmentId, this::load);
    }

    private Source load(String segmentId) {
        Document stored = collection().find(eq("_id", segmentId)).first();
        if (stored != null) {
            return source(stored);
        }
        Optional<SegmentView> segment = segments.get(segmentId);
        SegmentSource from = segment.map(SegmentView::source).orElse(null);
        String profile = from == null || from.runId() == null || from.profileIndex() == null ? null : from.runId() + "#" + from.profileIndex();
        Document doc = new Document("_id", segmentId).append("name", segment.map(SegmentView::name).orElse(segmentId))
                .append("profile", profile).append("profileLabel", from == null ? null : from.label());
        if (segment.isPresent()) {
            // an unknown id is not recorded: the segment may simply not be visible yet
            collection().updateOne(eq("_id", segmentId), new Document("$setOnInsert", doc), new UpdateOptions().upsert(true));
        }
        return source(doc);
    }

    /** Current names where the segment still exists, else the name it had when first counted. */
    public String nameOf(String segmentId) {
        return segments.get(segmentId).map(SegmentView::name).orElseGet(() -> get(segmentId).name());
    }

    /** Every recorded profile key with its label. */
    public Map<String, String> profileLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        collection().find().forEach(d -> {
            if (d.getString("profile") != null) {
                labels.putIfAbsent(d.getString("profile"), d.getString("profileLabel"));
            }
        });
        return labels;
    }

    void forget() {
        cache.clear();
    }

    private static Source source(Document d) {
        return new Source(d.getString("_id"), d.getString("name"), d.getString("profile"), d.getString("profileLabel"));
    }
}
