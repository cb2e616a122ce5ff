package org.qiandai.channels.traffic;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.DeliveryStatusChanged;
import org.qiandai.campaign.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * A channel's recent traffic: every delivery status change ({@link DeliveryStatusChanged}) counted per channel and
 * minute (bureau time) in memory, and added every 2 s to {@code channel_traffic} ({@code _id = channel:yyyy-MM-ddTHH:mm},
 * {@code counts.<STATUS>} {@code $inc}-ed, so several instances add up). The last hour is read by {@code _id}.
 */
@Service
public class ChannelTraffic implements SmartLifecycle {

    public static final String COLLECTION = "channel_traffic";
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final Logger log = LoggerFactory.getLogger(ChannelTraffic.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Map<String, Map<DeliveryStatus, LongAdder>> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService loop;

    ChannelTraffic(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** One minute of a channel: how many deliveries reached each status in it. */
    public record Minute(String minute, Map<DeliveryStatus, Long> counts) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @EventListener
    void on(DeliveryStatusChanged change) {
        if (change.channel() == null || change.to() == DeliveryStatus.QUEUED) {
            return;
        }
        String key = change.channel() + ":" + MINUTE.format(change.at().atZone(clock.getZone()));
        pending.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).computeIfAbsent(change.to(), s -> new LongAdder()).increment();
    }

    /** Adds what was counted since the last flush to the store. */
    public synchronized void flush() {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (String key : new ArrayList<>(pending.keySet())) {
            Map<DeliveryStatus, LongAdder> counts = pending.remove(key);
            if (counts == null) {
                continue;
            }
            List<Bson> incs = new ArrayList<>();
            counts.forEach((status, n) -> incs.add(Updates.inc("counts." + status.name(), n.sum())));
            int colon = key.indexOf(':');
            incs.add(Updates.setOnInsert("channel", key.substring(0, colon)));
            incs.add(Updates.setOnInsert("minute", key.substring(colon + 1)));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", key), Updates.combine(incs), new UpdateOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            mongo.getCollection(COLLECTION).bulkWrite(writes);
        }
    }

    /** The channel's last {@code minutes} minutes, oldest first, every minute present (zero when quiet). */
    public List<Minute> recent(String channel, int minutes) {
        ZonedDateTime now = clock.instant().atZone(clock.getZone()).truncatedTo(ChronoUnit.MINUTES);
        List<String> ids = new ArrayList<>();
        for (int i = minutes - 1; i >= 0; i--) {
            ids.add(channel + ":" + MINUTE.format(now.minusMinutes(i)));
        }
        Map<String, Document> found = new HashMap<>();
        mongo.getCollection(COLLECTION).find(Filters.in("_id", ids)).forEach(d -> found.put(d.getString("_id"), d));
        List<Minute> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
            Document c = found.containsKey(id) ? found.get(id).get("counts", Document.class) : null;
            for (DeliveryStatus s : DeliveryStatus.values()) {
                if (s != DeliveryStatus.QUEUED) {
                    Number n = c == null ? null : (Number) c.get(s.name());
                    counts.put(s, n == null ? 0L : n.longValue());
                }
            }
            result.add(new Minute(id.substring(channel.length() + 1), counts));
        }
        return result;
    }

    @Override
    public synchronized void start() {
        loop = DaemonThreads.repeating("channel-traffic", java.time.Duration.ofSeconds(2), this::flush,
                e -> log.warn("Writing channel traffic failed, trying again: {}", e.toString()));
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.shutdownNow();
            loop = null;
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("Writing channel traffic at shutdown failed: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000; // after the dispatcher has stopped and written its last results
    }
}
