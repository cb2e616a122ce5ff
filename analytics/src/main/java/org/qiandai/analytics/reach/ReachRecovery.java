package org.qiandai.analytics.reach;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On start, counters never built over existing records (a first start with data, an upgrade, demo data loaded
 * directly) mean the counters are behind; so does, on start and every minute after, an instance that stopped without
 * counting its queue (its marker in {@code analytics_state} still there, its heartbeat older than three heartbeats: a
 * killed process). Then they are rebuilt in the background ({@code qiandai.analytics.rebuild-when-needed=false} only
 * logs it).
 */
@Component
class ReachRecovery implements org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReachRecovery.class);

    private final LiveCounting live;
    private final ReachRebuild rebuild;
    private final Clock clock;
    private final boolean enabled;

    ReachRecovery(LiveCounting live, ReachRebuild rebuild, Clock clock, @Value("${qiandai.analytics.rebuild-when-needed:true}") boolean enabled) {
        this.live = live;
        this.rebuild = rebuild;
        this.clock = clock;
        this.enabled = enabled;
    }

    private java.util.concurrent.ScheduledExecutorService watch;

    @EventListener(ApplicationReadyEvent.class)
    void checkCounters() {
        check();
        watch = DaemonThreads.repeating("analytics-recovery", java.time.Duration.ofMinutes(1), this::check,
                e -> log.debug("Analytics recovery check failed: {}", e.toString()));
    }

    @Override
    public void destroy() {
        if (watch != null) {
            watch.shutdownNow();
        }
    }

    void check() {
        String reason = reason();
        if (reason == null) {
            return;
        }
        if (!enabled) {
            log.warn("The reach counters are behind ({}); qiandai.analytics.rebuild-when-needed=false: rebuild them with "
                    + "POST /api/analytics/rebuild", reason);
            return;
        }
        log.info("Rebuilding the reach counters in the background: {}", reason);
        Thread t = new Thread(() -> {
            try {
                rebuild.rebuild();
            } catch (ReachRebuild.BusyException e) {
                log.info("Another rebuild is running");
            } catch (RuntimeException e) {
                log.warn("Reach counters not rebuilt: {}", e.toString(), e);
            }
        }, "analytics-rebuild");
        t.setDaemon(true);
        t.start();
    }

    /** Why the counters need a rebuild, or null. */
    String reason() {
        ReachStore store = live.store();
        if (store.generation() == 0) {
            // an _id range, so that the embedded store reads one key instead of the collection
            boolean records = Stream.of(Deliveries.COLLECTION, "partner_reports", "campaign_activities")
                    .anyMatch(c -> store.collection(c).find(Filters.gte("_id", "")).limit(1).first() != null);
            if (!records) {
                store.ensureGeneration();
                return null;
            }
            return "they were never built and records exist";
        }
        Instant stale = clock.instant().minus(LiveCounting.HEARTBEAT.multipliedBy(3));
        List<String> gone = new ArrayList<>();
        for (Document marker : store.collection(ReachStore.STATE).find(Filters.regex("_id", "^instance:"))) {
            Date heartbeat = marker.getDate("heartbeat");
            if (!marker.getString("_id").equals(live.instance) && (heartbeat == null || heartbeat.toInstant().isBefore(stale))) {
                gone.add(marker.getString("_id"));
            }
        }
        if (gone.isEmpty()) {
            return null;
        }
        store.collection(ReachStore.STATE).deleteMany(Filters.in("_id", gone));
        return gone.size() + " instance(s) stopped without counting every event they had taken";
    }
}
