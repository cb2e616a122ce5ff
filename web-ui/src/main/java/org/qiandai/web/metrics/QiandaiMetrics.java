package org.qiandai.web.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.cases.ImportStatus;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.DeliveryStatusChanged;
import org.qiandai.campaign.pushes.PushStatus;
import org.qiandai.campaign.templates.ChannelCatalog;
import org.qiandai.targeting.ProfileRunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

/**
 * The {@code qiandai_*} metrics. Read from the store (the same on every instance; refreshed at most every
 * {@code qiandai.metrics.refresh}): {@code qiandai_imports{status}} import batches (cases and contacts),
 * {@code qiandai_profile_runs{status}}, {@code qiandai_deliveries{channel,status}} delivery records by their current
 * status (QUEUED, SENT, DELIVERED, FAILED …; the pushes' running counters summed), {@code qiandai_dispatch_lag_seconds{channel}}
 * how long the oldest QUEUED record of a running push has waited (0 when none waits). Counted in this instance:
 * {@code qiandai_delivery_transitions_total{channel,status}} status changes applied, and
 * {@code qiandai_callback_rejections_total{channel,reason}} provider callbacks refused.
 */
@Component
public class QiandaiMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(QiandaiMetrics.class);
    static final String IMPORTS = "case_imports";
    static final String PROFILE_RUNS = "profile_runs";

    private final MongoTemplate mongo;
    private final ChannelCatalog channels;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Instant.EPOCH);

    QiandaiMetrics(MongoTemplate mongo, ChannelCatalog channels, Clock clock, @Value("${qiandai.metrics.refresh:15s}") Duration refresh) {
        this.mongo = mongo;
        this.channels = channels;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** What the store said at one moment. */
    record Snapshot(Map<String, Long> imports, Map<String, Long> profileRuns, Map<String, Long> deliveries, Map<String, Double> lag, Instant at) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (ImportStatus status : ImportStatus.values()) {
            Gauge.builder("qiandai.imports", this, m -> m.current().imports().getOrDefault(status.name(), 0L))
                    .description("Import batches (cases and contacts) in the store, by status").tag("status", status.name()).register(registry);
        }
        for (ProfileRunStatus status : ProfileRunStatus.values()) {
            Gauge.builder("qiandai.profile.runs", this, m -> m.current().profileRuns().getOrDefault(status.name(), 0L))
                    .description("Profiling runs in the store, by status").tag("status", status.name()).register(registry);
        }
        for (String channel : sendingChannels()) {
            for (DeliveryStatus status : DeliveryStatus.values()) {
                Gauge.builder("qiandai.deliveries", this, m -> m.current().deliveries().getOrDefault(channel + "|" + status.name(), 0L))
                        .description("Delivery records by channel and current status (the pushes' counters summed)")
                        .tags("channel", channel, "status", status.name()).register(registry);
            }
            Gauge.builder("qiandai.dispatch.lag", this, m -> m.current().lag().getOrDefault(channel, 0.0))
                    .description("How long the oldest QUEUED delivery of a running push on this channel has waited").baseUnit("seconds")
                    .tag("channel", channel).register(registry);
        }
    }

    /** Counts an applied delivery status change (this instance's). */
    @EventListener
    void on(DeliveryStatusChanged changed) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        transitions.computeIfAbsent(changed.channel() + "|" + changed.to(), key -> Counter.builder("qiandai.delivery.transitions")
                .description("Delivery status changes applied in this instance, by channel and the status reached")
                .tags("channel", String.valueOf(changed.channel()), "status", changed.to().name()).register(r)).increment();
    }

    /** Counts a refused provider callback: {@code channel} e.g. {@code sms-twilio} or a partner's name; {@code reason} a short code. */
    public void callbackRejected(String channel, String reason) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        rejections.computeIfAbsent(channel + "|" + reason, key -> Counter.builder("qiandai.callback.rejections")
                .description("Provider callbacks and partner receipts refused (bad signature, unknown partner, bad body …)")
                .tags("channel", channel, "reason", reason).register(r)).increment();
    }

    private List<String> sendingChannels() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(List.of("sms-twilio", "sms-smpp", "mms"));
        try {
            channels.ids().stream().filter(channels::isPartner).forEach(names::add);
        } catch (RuntimeException e) {
            log.debug("No partner channels for metrics: {}", e.toString());
        }
        return List.copyOf(names);
    }

    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (Duration.between(snapshot.at(), now).compareTo(refresh) < 0) {
            return snapshot;
        }
        try {
            snapshot = read(now);
        } catch (RuntimeException e) {
            log.warn("Metrics not refreshed from the store: {}", e.toString());
            snapshot = new Snapshot(snapshot.imports(), snapshot.profileRuns(), snapshot.deliveries(), snapshot.lag(), now);
        }
        return snapshot;
    }

    private Snapshot read(Instant now) {
        Map<String, Long> imports = countByStatus(IMPORTS);
        Map<String, Long> runs = countByStatus(PROFILE_RUNS);
        Map<String, Long> deliveries = new HashMap<>();
        Map<String, Double> lag = new HashMap<>();
        for (Document push : mongo.getCollection(Deliveries.PUSHES).find()
                .projection(Projections.include("channel", "status", "counts"))) {
            String channel = push.getString("channel");
            Document counts = push.get("counts", Document.class);
            if (channel == null || counts == null) {
                continue;
            }
            for (String status : counts.keySet()) {
                Object value = counts.get(status);
                if (value instanceof Number n) {
                    deliveries.merge(channel + "|" + status, n.longValue(), Long::sum);
                }
            }
            if (PushStatus.RUNNING.name().equals(push.getString("status")) && counts.get(DeliveryStatus.QUEUED.name()) instanceof Number q && q.longValue() > 0) {
                double waited = oldestQueuedSeconds(push.getString("_id"), now);
                lag.merge(channel, waited, Math::max);
            }
        }
        return new Snapshot(imports, runs, deliveries, lag, now);
    }

    /** The push's first QUEUED record due now, in {@code _id} order (an {@code _id} range the store reads in key order). */
    private double oldestQueuedSeconds(String pushId, Instant now) {
        Bson filter = Filters.and(Filters.gt("_id", pushId + ":"), Filters.lt("_id", pushId + ";"),
                Filters.eq("status", DeliveryStatus.QUEUED.name()), Filters.not(Filters.gt("retryAt", Date.from(now))));
        Document first = mongo.getCollection(Deliveries.COLLECTION).find(filter).projection(Projections.include("at"))
                .sort(Sorts.ascending("_id")).limit(1).first();
        if (first == null || !(first.get("at") instanceof Document at) || at.getDate(DeliveryStatus.QUEUED.name()) == null) {
            return 0;
        }
        return Math.max(0, Duration.between(at.getDate(DeliveryStatus.QUEUED.name()).toInstant(), now).toMillis() / 1000.0);
    }

    private Map<String, Long> countByStatus(String collection) {
        Map<String, Long> counts = new HashMap<>();
        for (Document d : mongo.getCollection(collection).find().projection(Projections.include("status"))) {
            Object status = d.get("status");
            if (status != null) {
                counts.merge(status.toString(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
