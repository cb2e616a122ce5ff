package org.qiandai.campaign.warnings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.DeliveryStatusChanged;
import org.qiandai.campaign.pushes.PushEvents;
import org.qiandai.campaign.pushes.StandingPushes;
import org.qiandai.campaign.store.StoreDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Moves cases along their ladder by themselves, on one thread per instance ({@code qiandai.warning.escalation.enabled}):
 * <ul>
 *   <li>a warning SMS's status change (the outbox's {@link DeliveryStatusChanged}, taken off the dispatcher's thread
 *       into a queue) ends the SMS step — sent: the next step opens; failed: it escalates at once;</li>
 *   <li>every {@code qiandai.warning.tick}, the deadlines due ({@code warning_due}, an {@code _id} range) escalate their
 *       tasks and are flagged as breaches;</li>
 *   <li>every {@link #RECONCILE} the SMS steps still open are checked against their deliveries (a status change that
 *       happened while no instance listened), and those still QUEUED are asked for again.</li>
 * </ul>
 * Every change is a versioned write of the case ({@link WarningStore#save}); a case changed meanwhile by someone else is
 * read again and the change redone, so two instances doing the same work change a case once.
 */
@Component
class WarningEscalation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WarningEscalation.class);
    static final Duration RECONCILE = Duration.ofSeconds(30);
    private static final int DUE_LIMIT = 500;
    private static final Set<DeliveryStatus> ENDS_SMS = EnumSet.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED,
            DeliveryStatus.FAILED, DeliveryStatus.EXPIRED, DeliveryStatus.OPTED_OUT, DeliveryStatus.CANCELLED, DeliveryStatus.UNKNOWN);

    private final WarningStore store;
    private final WarningSettings settings;
    private final Officers officers;
    private final Deliveries deliveries;
    private final StoreDurability durability;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ConcurrentLinkedQueue<SmsReport> reports = new ConcurrentLinkedQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread thread;
    private volatile boolean running;
    private long nextReconcile;

    WarningEscalation(WarningStore store, WarningSettings settings, Officers officers, Deliveries deliveries, StoreDurability durability,
                      ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.officers = officers;
        this.deliveries = deliveries;
        this.durability = durability;
        this.events = events;
        this.clock = clock;
    }

    /** A warning SMS's new status: its case and task, when. */
    private record SmsReport(String caseId, int task, DeliveryStatus status, Instant at) {
    }

    @EventListener
    void on(DeliveryStatusChanged changed) {
        if (!StandingPushes.isStanding(changed.pushId()) || !ENDS_SMS.contains(changed.to())) {
            return;
        }
        String taskId = changed.deliveryId().substring(changed.deliveryId().lastIndexOf(':') + 1);
        String caseId = WarningCase.caseOf(taskId);
        if (caseId != null && caseId.startsWith("wc-")) {
            reports.add(new SmsReport(caseId, WarningCase.indexOf(taskId), changed.to(), changed.at()));
            wake.release();
        }
    }

    @Override
    public synchronized void start() {
        if (running || !settings.escalation()) {
            return;
        }
        running = true;
        nextReconcile = System.nanoTime() + RECONCILE.toNanos() / 3;
        thread = new Thread(this::loop, "warning-escalation");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake.release();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000; // stops before the dispatcher and the store
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(settings.tick().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!running) {
                    return;
                }
                runOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Escalating warning cases failed, trying again: {}", e.toString());
            }
        }
    }

    /** Applies the SMS reports received, escalates the deadlines due, and now and then reconciles the SMS steps. */
    void runOnce() {
        applyReports();
        escalateDue();
        if (System.nanoTime() - nextReconcile >= 0) {
            nextReconcile = System.nanoTime() + RECONCILE.toNanos();
            reconcileSms();
        }
    }

    private void applyReports() {
        Map<String, List<SmsReport>> byCase = new LinkedHashMap<>();
        for (SmsReport r; (r = reports.poll()) != null; ) {
            byCase.computeIfAbsent(r.caseId(), k -> new ArrayList<>()).add(r);
        }
        if (byCase.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        WarningCase.Crew crew = officers.crew();
        store.update(byCase.keySet(), c -> {
            boolean changed = false;
            for (SmsReport r : byCase.get(c.id)) {
                changed |= c.smsSettled(r.task(), r.status(), r.at(), now, crew);
            }
            return changed;
        });
    }

    private void escalateDue() {
        Instant now = clock.instant();
        Map<String, String> due = store.due(now, DUE_LIMIT);
        if (due.isEmpty()) {
            return;
        }
        Map<String, List<Integer>> byCase = new LinkedHashMap<>();
        due.forEach((key, caseId) -> byCase.computeIfAbsent(caseId, k -> new ArrayList<>()).add(WarningCase.indexOf(key.substring(key.indexOf(':') + 1))));
        WarningCase.Crew crew = officers.crew();
        Set<String> failed = store.update(byCase.keySet(), c -> {
            boolean changed = false;
            for (int task : byCase.get(c.id)) {
                changed |= c.deadlinePassed(task, now, crew);
            }
            return changed;
        });
        List<String> done = new ArrayList<>();
        due.forEach((key, caseId) -> {
            if (!failed.contains(caseId)) {
                done.add(key);
            }
        });
        store.removeDue(done);
        durability.commit();
    }

    /** SMS steps open for a while: their deliveries' status applied, and those still QUEUED asked for again. */
    void reconcileSms() {
        Instant now = clock.instant();
        Map<String, Document> waiting = new HashMap<>();
        for (Document open : store.open()) {
            for (Document t : open.getList("tasks", Document.class, List.of())) {
                if (LadderStep.SMS.name().equals(t.getString("step")) && t.getDate("openedAt").toInstant().isBefore(now.minusSeconds(10))) {
                    waiting.put(open.getString("_id"), t);
                }
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        Map<String, Delivery> byId = new HashMap<>();
        Map<String, String> deliveryOf = new HashMap<>();
        waiting.forEach((caseId, t) -> deliveryOf.put(caseId, StandingPushes.idOf(settings.channel()) + ":0:" + t.getString("id")));
        deliveries.getAll(deliveryOf.values()).forEach(d -> byId.put(d.id(), d));
        List<String> stillQueued = new ArrayList<>();
        deliveryOf.forEach((caseId, deliveryId) -> {
            Delivery d = byId.get(deliveryId);
            if (d == null) {
                return;
            }
            if (ENDS_SMS.contains(d.status())) {
                Instant at = d.at().getOrDefault(DeliveryStatus.SENT, d.at().getOrDefault(d.status(), now));
                reports.add(new SmsReport(caseId, waiting.get(caseId).getInteger("index", 0), d.status(), at));
            } else if (d.status() == DeliveryStatus.QUEUED) {
                stillQueued.add(deliveryId);
            }
        });
        if (!stillQueued.isEmpty()) {
            events.publishEvent(new PushEvents.UrgentDeliveriesQueued(StandingPushes.idOf(settings.channel()), settings.channel(), stillQueued, now));
        }
        applyReports();
    }
}
