package org.qiandai.analytics.reach;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.campaigns.ActivityRecorded;
import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.DoNotContactAdded;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryFacts;
import org.qiandai.campaign.deliveries.DeliveryStatusChanged;
import org.qiandai.campaign.partnerreports.PartnerReport;
import org.qiandai.campaign.partnerreports.PartnerReportReceived;
import org.qiandai.campaign.partnerreports.PartnerReports;
import org.qiandai.campaign.pushes.PushEvents.PushOccurrenceQueued;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the reach counters as things happen: deliveries changing status, partner reports arriving, activities recorded,
 * occurrences queued, opt-outs. Events are taken off the publishing thread into a bounded queue
 * ({@code qiandai.analytics.queue}) and counted by one background thread in batches ({@code qiandai.analytics.batch-size}):
 * per batch one read of the delivery records' facts, one read and one conditional write of the people concerned, and
 * one bulk {@code $inc} of the merged counter changes, so that a burst of receipts costs a few store round trips, not a
 * few per receipt.
 * <p>
 * Idempotent: every counted transition is in its person's ledger ({@code pushId:occurrence:kind}), so an event applied
 * twice counts once; a partner figure is reconciled with the stored report (counters move by what is stored minus what
 * was counted); an activity and an occurrence are counted once by id. A person written meanwhile by another instance
 * (its version moved) is read and counted again.
 * <p>
 * Events still queued when the process is killed are lost (a clean stop counts them first): each running instance keeps
 * a marker in {@code analytics_state}, and a start that finds a marker of an instance that stopped without removing it
 * rebuilds the counters ({@code qiandai.analytics.rebuild-when-needed}).
 */
@Component
public class LiveCounting implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveCounting.class);
    private static final int MAX_RETRIES = 5;
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final ReachStore store;
    private final Deliveries deliveries;
    private final PartnerReports reports;
    private final ObjectProvider<Pushes> pushes;
    private final ObjectProvider<CampaignLifecycle> campaigns;
    private final SegmentSources segments;
    private final Clock clock;
    private final int batchSize;
    private final BlockingQueue<Object> queue;
    private final ReentrantLock counting = new ReentrantLock();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    final String instance = "instance:" + UUID.randomUUID();
    private volatile boolean running;
    private volatile Instant lastHeartbeat = Instant.EPOCH;
    private Thread worker;

    LiveCounting(MongoTemplate mongo, Deliveries deliveries, PartnerReports reports, ObjectProvider<Pushes> pushes,
                 ObjectProvider<CampaignLifecycle> campaigns, SegmentSources segments, Clock clock,
                 @Value("${qiandai.analytics.batch-size:1000}") int batchSize, @Value("${qiandai.analytics.queue:200000}") int capacity) {
        if (batchSize < 1 || capacity < 1) {
            throw new IllegalArgumentException("qiandai.analytics.batch-size and qiandai.analytics.queue must be at least 1");
        }
        this.store = new ReachStore(mongo);
        this.deliveries = deliveries;
        this.reports = reports;
        this.pushes = pushes;
        this.campaigns = campaigns;
        this.segments = segments;
        this.clock = clock;
        this.batchSize = batchSize;
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    ZoneId zone() {
        return clock.getZone();
    }

    ReachStore store() {
        return store;
    }

    Counting counting(ReachStore.Names names) {
        return new Counting(zone(), segments::profileOf, names.daily(), names.pushes());
    }

    @Override
    public void afterPropertiesSet() {
        store.collection(ReachStore.STATE).updateOne(Filters.eq("_id", instance), Updates.combine(
                Updates.set("startedAt", Date.from(clock.instant())), Updates.set("heartbeat", Date.from(clock.instant()))),
                new UpdateOptions().upsert(true));
        running = true;
        worker = new Thread(this::loop, "analytics-counting");
        worker.setDaemon(true);
        worker.start();
    }

    /** Counts what is queued, then stops and removes this instance's marker: a clean stop needs no rebuild. */
    @Override
    public void destroy() throws InterruptedException {
        awaitIdle(Duration.ofSeconds(30));
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(10_000);
        }
        if (queue.isEmpty() && dropped.get() == 0 && failures.get() == 0) {
            store.collection(ReachStore.STATE).deleteOne(Filters.eq("_id", instance));
        } else {
            log.warn("Analytics stopped with {} events not counted ({} dropped, {} failed batches): the next start rebuilds the counters",
                    queue.size(), dropped.get(), failures.get());
        }
    }

    @EventListener
    void on(DeliveryStatusChanged event) {
        enqueue(event);
    }

    @EventListener
    void on(PartnerReportReceived event) {
        enqueue(event);
    }

    @EventListener
    void on(ActivityRecorded event) {
        enqueue(event);
    }

    @EventListener
    void on(PushOccurrenceQueued event) {
        enqueue(event);
    }

    @EventListener
    void on(DoNotContactAdded event) {
        if ("sms-reply".equals(event.source()) || "provider".equals(event.source())) {
            enqueue(event);
        }
    }

    private void enqueue(Object event) {
        try {
            if (!queue.offer(event, 10, TimeUnit.SECONDS)) {
                if (dropped.incrementAndGet() == 1) {
                    log.warn("Analytics queue full (qiandai.analytics.queue): events are dropped; rebuild the counters afterwards");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropped.incrementAndGet();
        }
    }

    /** Events waiting, events dropped because the queue was full, batches that failed: all 0 when counters are current. */
    public Health health() {
        return new Health(queue.size(), dropped.get(), failures.get());
    }

    public record Health(int queued, long dropped, long failedBatches) {
    }

    /** Waits until every event queued so far is counted (or the timeout passes); answers whether it is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (queue.isEmpty() && !busy.get() && !counting.isLocked()) {
                return true;
            }
            Thread.sleep(10);
        }
        return queue.isEmpty() && !busy.get();
    }

    /** Holds counting (a rebuild runs meanwhile); events queue up and are counted on {@link #resume()}. */
    void pause() {
        counting.lock();
    }

    void resume() {
        counting.unlock();
    }

    /** A rebuild starts from the records: what failed or was dropped before it is in them. */
    void forgetTrouble() {
        dropped.set(0);
        failures.set(0);
    }

    private void loop() {
        while (running) {
            try {
                heartbeat();
                Object first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                counting.lockInterruptibly();
                busy.set(true);
                try {
                    List<Object> batch = new ArrayList<>(batchSize);
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    count(batch);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    log.warn("Analytics could not count a batch (rebuild the counters to recover it): {}", e.toString(), e);
                } finally {
                    busy.set(false);
                    counting.unlock();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void heartbeat() {
        Instant now = clock.instant();
        if (Duration.between(lastHeartbeat, now).compareTo(HEARTBEAT) >= 0) {
            lastHeartbeat = now;
            try {
                store.collection(ReachStore.STATE).updateOne(Filters.eq("_id", instance), Updates.set("heartbeat", Date.from(now)),
                        new UpdateOptions().upsert(true));
            } catch (RuntimeException e) {
                log.debug("Analytics heartbeat not written: {}", e.toString());
            }
        }
    }

    /** Counts a batch of events: the deliveries' together, then the others in order. */
    void count(List<Object> batch) {
        ReachStore.Names names = store.current();
        List<DeliveryStatusChanged> changes = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        for (Object event : batch) {
            if (event instanceof DeliveryStatusChanged c) {
                changes.add(c);
            } else {
                others.add(event);
            }
        }
        if (!changes.isEmpty()) {
            deliveries(names, changes);
        }
        for (Object event : others) {
            if (event instanceof PartnerReportReceived r) {
                report(names, r.partner(), r.pushId(), r.campaignId(), r.district(), r.date());
            } else if (event instanceof ActivityRecorded a) {
                activity(names, a);
            } else if (event instanceof PushOccurrenceQueued o) {
                occurrence(names, o);
            } else if (event instanceof DoNotContactAdded d) {
                optOut(names, d.phoneHash());
            }
        }
    }

    private void deliveries(ReachStore.Names names, List<DeliveryStatusChanged> changes) {
        Map<String, DeliveryFacts> facts = deliveries.facts(changes.stream().map(DeliveryStatusChanged::deliveryId).toList());
        Map<String, List<Mark>> byOwner = new LinkedHashMap<>();
        for (DeliveryStatusChanged c : changes) {
            DeliveryFacts f = facts.get(c.deliveryId());
            for (Mark.Kind kind : Mark.kinds(c.from(), c.to())) {
                Instant at = f != null && f.at().get(c.to()) != null ? f.at().get(c.to()) : Instant.ofEpochMilli(c.at().toEpochMilli());
                Mark mark = new Mark(c.deliveryId(), c.pushId(), f != null ? f.occurrence() : occurrenceOf(c.deliveryId()), c.campaignId(),
                        c.channel(), c.district(), c.phoneHash(), f == null ? null : f.segmentId(), kind, c.to(),
                        f == null ? null : f.errorCode(), at);
                byOwner.computeIfAbsent(owner(mark), k -> new ArrayList<>()).add(mark);
            }
        }
        applyToPeople(names, byOwner, (state, marks, out, counting) -> {
            boolean changed = false;
            for (Mark m : marks) {
                changed |= counting.apply(state, m, out);
            }
            return changed;
        });
    }

    /** What a person's (or broadcast record's) state is changed by. */
    interface Change<T> {
        boolean apply(PersonState state, T input, Deltas out, Counting counting);
    }

    /** Reads the people, applies the changes, writes those that changed (if unchanged meanwhile), then the counters. */
    private <T> void applyToPeople(ReachStore.Names names, Map<String, T> inputs, Change<T> change) {
        Counting counting = counting(names);
        Map<String, T> pending = inputs;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == MAX_RETRIES) {
                throw new IllegalStateException(pending.size() + " people kept changing while being counted: " + pending.keySet());
            }
            Map<String, PersonState> states = store.people(names, pending.keySet());
            List<PersonState> changed = new ArrayList<>();
            Map<String, Deltas> deltas = new LinkedHashMap<>();
            for (Map.Entry<String, T> e : pending.entrySet()) {
                PersonState state = states.getOrDefault(e.getKey(), PersonState.fresh(e.getKey()));
                Deltas out = new Deltas();
                if (change.apply(state, e.getValue(), out, counting)) {
                    changed.add(state);
                    deltas.put(state.id, out);
                }
            }
            Set<String> conflicts = store.writePeople(names, changed);
            Deltas merged = new Deltas();
            deltas.forEach((id, d) -> {
                if (!conflicts.contains(id)) {
                    merged.addAll(d);
                }
            });
            store.apply(merged);
            Map<String, T> again = new LinkedHashMap<>();
            for (String id : conflicts) {
                again.put(id, pending.get(id));
            }
            pending = again;
        }
    }

    /** The ledger a mark belongs to: its person, or for a partner broadcast the record itself. */
    static String owner(Mark mark) {
        return mark.phoneHash() != null ? mark.phoneHash() : "b:" + mark.deliveryId();
    }

    static int occurrenceOf(String deliveryId) {
        String[] parts = deliveryId.split(":");
        try {
            return parts.length >= 3 ? Integer.parseInt(parts[parts.length - 2]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void optOut(ReachStore.Names names, String phoneHash) {
        applyToPeople(names, Map.of(phoneHash, Boolean.TRUE), (state, ignored, out, counting) -> counting.optOut(state, out));
    }

    /** Moves the counters by what is stored for this partner figure minus what was counted of it. */
    void report(ReachStore.Names names, String partner, String pushId, String campaignId, String district, LocalDate date) {
        String id = "r:" + partner + ":" + pushId + ":" + date + ":" + district;
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<PartnerReport> stored = reports.get(partner, pushId, date, district);
            Document before = store.ledger(names, id);
            long countedImpressions = before == null ? 0 : before.get("i", Number.class).longValue();
            long countedUsers = before == null ? 0 : before.get("u", Number.class).longValue();
            long impressions = stored.map(PartnerReport::impressions).orElse(0L);
            long users = stored.map(PartnerReport::uniqueUsers).orElse(0L);
            if (impressions == countedImpressions && users == countedUsers) {
                return;
            }
            long version = before == null ? 0 : before.get("v", Number.class).longValue();
            Document after = new Document("_id", id).append("v", version + 1).append("i", impressions).append("u", users);
            if (store.replaceLedger(names, before, after)) {
                Deltas out = new Deltas();
                OtherFigures.report(partner, campaignId, district, date, impressions - countedImpressions, users - countedUsers, out, names.daily());
                store.apply(out);
                return;
            }
        }
        throw new IllegalStateException("partner figure " + id + " kept changing while being counted");
    }

    private void activity(ReachStore.Names names, ActivityRecorded event) {
        if (store.insertLedger(names, new Document("_id", "a:" + event.activity().id()))) {
            Deltas out = new Deltas();
            OtherFigures.activity(event.activity(), out, names.daily());
            store.apply(out);
        }
    }

    private void occurrence(ReachStore.Names names, PushOccurrenceQueued event) {
        PushView push = pushes.getObject().get(event.pushId()).orElse(null);
        if (push == null) {
            return;
        }
        List<String> districts = campaigns.getObject().get(event.campaignId()).map(CampaignView::districts).orElse(List.of());
        LocalDate day = event.at().atZone(zone()).toLocalDate();
        Document capture = capture(event.pushId(), event.campaignId(), push.channel(), event.occurrence(), day, districts,
                event.audience().recipients(), event.audience().excluded());
        if (store.captureOccurrence(capture)) {
            Deltas out = new Deltas();
            OtherFigures.occurrence(event.campaignId(), push.channel(), districts, day, out, names.daily());
            store.apply(out);
        }
    }

    static Document capture(String pushId, String campaignId, String channel, int occurrence, LocalDate day, List<String> districts,
                            long recipients, Map<?, Long> excluded) {
        Document ex = new Document();
        if (excluded != null) {
            excluded.forEach((reason, n) -> ex.append(String.valueOf(reason), n));
        }
        return new Document("_id", pushId + ":" + occurrence).append("pushId", pushId).append("campaignId", campaignId)
                .append("channel", channel).append("occurrence", occurrence).append("day", day.toString())
                .append("districts", districts == null ? List.of() : districts).append("recipients", recipients).append("excluded", ex);
    }
}
