package org.qiandai.campaign.pushes;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.qiandai.campaign.deliveries.Deliveries;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * What channels need to know of pushes while they send, read cheaply: which pushes are RUNNING on their channels,
 * and one push's status (read by {@code _id}, checked before each chunk of sends so that pause, resume and cancel
 * take effect within one chunk).
 */
@Component
public class PushStates {

    private final MongoTemplate mongo;

    PushStates(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** For code running outside the application context (benchmarks, commands). */
    public static PushStates create(MongoTemplate mongo) {
        return new PushStates(mongo);
    }

    /**
     * A RUNNING push: its channel, how many of its deliveries are QUEUED now (its running counter), when its oldest
     * batch still waiting for its counters was written (null: none; see {@code Deliveries.recoverPending}), and whether
     * it is exempt from quiet hours and frequency caps (a {@link StandingPushes standing push} of urgent warnings).
     */
    public record Running(String id, String channel, long queued, java.time.Instant oldestPending, boolean exempt) {

        public Running(String id, String channel, long queued, java.time.Instant oldestPending) {
            this(id, channel, queued, oldestPending, false);
        }
    }

    /** RUNNING pushes on these channels, oldest first (the collection holds one small document per push). */
    public List<Running> running(Collection<String> channels) {
        List<Running> result = new ArrayList<>();
        mongo.getCollection(Deliveries.PUSHES)
                .find(and(eq("status", PushStatus.RUNNING.name()), in("channel", channels)))
                .projection(Projections.include("channel", "counts", "createdAt", "pending.at", "exempt"))
                .sort(Sorts.ascending("createdAt"))
                .forEach(d -> {
                    Document counts = d.get("counts", Document.class);
                    Number queued = counts == null ? null : (Number) counts.get("QUEUED");
                    java.time.Instant oldest = null;
                    for (Document p : d.getList("pending", Document.class, List.of())) {
                        java.util.Date at = p.getDate("at");
                        if (at != null && (oldest == null || at.toInstant().isBefore(oldest))) {
                            oldest = at.toInstant();
                        }
                    }
                    result.add(new Running(d.getString("_id"), d.getString("channel"), queued == null ? 0 : queued.longValue(), oldest,
                            d.getBoolean("exempt", false)));
                });
        return result;
    }

    /** Pushes (any status) on a channel with at least one delivery in {@code status} now, by their running counter. */
    public List<String> withDeliveriesIn(String channel, org.qiandai.campaign.deliveries.DeliveryStatus status) {
        List<String> result = new ArrayList<>();
        mongo.getCollection(Deliveries.PUSHES).find(and(eq("channel", channel), com.mongodb.client.model.Filters.gt("counts." + status.name(), 0)))
                .projection(Projections.include("_id")).forEach(d -> result.add(d.getString("_id")));
        return result;
    }

    /** The push's status, if it exists. */
    public Optional<PushStatus> status(String pushId) {
        Document d = mongo.getCollection(Deliveries.PUSHES).find(eq("_id", pushId)).projection(Projections.include("status")).first();
        return d == null ? Optional.empty() : Optional.of(PushStatus.valueOf(d.getString("status")));
    }
}
