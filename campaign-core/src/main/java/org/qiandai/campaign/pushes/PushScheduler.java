package org.qiandai.campaign.pushes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.deliveries.QueueResult;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.DaemonThreads;
import org.qiandai.campaign.templates.WarningTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Queues due occurrences. Every {@code qiandai.pushes.poll} (default 5 s; {@code qiandai.pushes.scheduler.enabled=false}
 * turns the loop off) it claims a push whose next occurrence is due with a findAndModify lease
 * ({@code leaseUntil}, renewed per batch), so two instances never queue the same occurrence at once, and a crashed
 * instance's claim is taken over when the lease ends. Queuing resolves the audience at that moment and writes one
 * delivery per recipient in unordered {@code insertMany} batches ({@code _id = pushId:occurrence:contactId}); after
 * each batch the push records its cursor (batches done) and adds the batch to {@code counts.QUEUED} in one update. A
 * resumed occurrence re-resolves, skips the batches the cursor covers, and rewrites the rest: records already there
 * (duplicate keys) are counted as queued only in the first batch past the cursor, the one a crash can have written
 * without counting.
 */
@Component
public class PushScheduler implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PushScheduler.class);

    private final Pushes pushes;
    private final PushStore store;
    private final Deliveries deliveries;
    private final StoreDurability durability;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final boolean enabled;
    private final Duration poll;
    private final Duration lease;
    private final String owner = "scheduler-" + UUID.randomUUID().toString().substring(0, 8);
    private ScheduledExecutorService loop;

    PushScheduler(Pushes pushes, PushStore store, Deliveries deliveries, StoreDurability durability, ApplicationEventPublisher events,
                  Clock clock, @Value("${qiandai.pushes.scheduler.enabled:true}") boolean enabled,
                  @Value("${qiandai.pushes.poll:5s}") Duration poll, @Value("${qiandai.pushes.lease:2m}") Duration lease) {
        this.pushes = pushes;
        this.store = store;
        this.deliveries = deliveries;
        this.durability = durability;
        this.events = events;
        this.clock = clock;
        this.enabled = enabled;
        this.poll = poll;
        this.lease = lease;
    }

    @Override
    public void afterPropertiesSet() {
        if (enabled) {
            loop = DaemonThreads.repeating("push-scheduler", poll, this::runDue, e -> log.warn("Push scheduler round failed: {}", e.toString()));
        }
    }

    @Override
    public void destroy() {
        if (loop != null) {
            loop.shutdownNow();
        }
    }

    /** Queues every occurrence due now; answers how many occurrences it queued. */
    public int runDue() {
        int queued = 0;
        while (true) {
            Instant now = clock.instant();
            var claimed = store.claimDue(now, owner, now.plus(lease));
            if (claimed.isEmpty()) {
                for (Document running : store.runningWithoutNext()) {
                    completeIfDone(running.getString("_id"));
                }
                return queued;
            }
            queueOccurrence(claimed.get());
            queued++;
        }
    }

    /** Queues the claimed push's next occurrence (resuming its cursor if a run stopped mid-way), then releases it. */
    void queueOccurrence(Document push) {
        String id = push.getString("_id");
        String campaignId = push.getString("campaignId");
        String channel = push.getString("channel");
        String by = push.getString("createdBy");
        Document next = push.get("next", Document.class);
        int k = next.getInteger("occurrence");
        Instant now = clock.instant();

        CampaignView campaign = pushes.lifecycle().get(campaignId).orElse(null);
        if (campaign == null || !EnumSet.of(CampaignStatus.APPROVED, CampaignStatus.RUNNING).contains(campaign.status())) {
            String reason = "campaign " + (campaign == null ? "gone" : "is " + campaign.status());
            pushes.cancel(id, "scheduler", reason);
            store.update(id, Updates.set("leaseUntil", new Date(0)));
            return;
        }
        WarningTemplate template = pushes.templates().get(push.getString("templateId")).orElse(null);
        if (template == null) {
            pushes.cancel(id, "scheduler", "warning template " + push.getString("templateId") + " is gone");
            return;
        }
        if (campaign.status() == CampaignStatus.APPROVED) {
            pushes.lifecycle().markRunning(campaignId, by);
        }
        store.changeStatus(id, EnumSet.of(PushStatus.SCHEDULED), PushStatus.RUNNING, "scheduler", null, now);

        Document cursor = push.get("queuing", Document.class);
        boolean resuming = cursor != null && cursor.getInteger("occurrence", -1) == k && !cursor.getBoolean("done", false);
        int batchesDone = resuming ? cursor.getInteger("batches", 0) : 0;
        long[] queued = {resuming ? ((Number) cursor.get("queued")).longValue() : 0};
        if (!resuming) {
            store.update(id, Updates.set("queuing", new Document("occurrence", k).append("batches", 0).append("queued", 0L).append("done", false)));
        }
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        AudienceSummary summary;
        if (PushRules.isDirect(channel)) {
            Map<String, String> texts = new HashMap<>();
            try (PipelinedWrites writes = new PipelinedWrites("push-queue-" + id)) {
                summary = pushes.resolver().resolve(push.getList("segmentIds", String.class), campaign.districts(), pushes.capFor(channel), now,
                        (batch, accepted, segmentOf) -> {
                            if (batch < batchesDone || stopped.get()) {
                                return;
                            }
                            List<NewDelivery> records = new ArrayList<>(accepted.size());
                            for (int i = 0; i < accepted.size(); i++) {
                                Recipient r = accepted.get(i);
                                String text = texts.computeIfAbsent(r.district() == null ? "" : r.district(), d -> render(template, d));
                                records.add(new NewDelivery(NewDelivery.idOf(id, k, r.contactId()), id, k, campaignId, channel, template.id(),
                                        r.contactId(), r.phoneHash(), r.encryptedPhone(), r.language(), r.district(), text, segmentOf.get(i)));
                            }
                            writes.submit(() -> {
                                QueueResult result = deliveries.queue(records);
                                // Only the first batch after a resumed cursor can hold records written but not yet counted
                                // (a crash between the insert and the progress update); elsewhere a record already there was
                                // counted by whoever wrote it.
                                long n = result.inserted() + (resuming && batch == batchesDone ? result.alreadyQueued() : 0);
                                queued[0] += n;
                                Document after = store.recordProgress(id, k, batch + 1, n, queued[0], clock.instant().plus(lease));
                                if (after == null || PushStatus.CANCELLED.name().equals(after.getString("status"))) {
                                    stopped.set(true);
                                }
                            });
                        });
                writes.finish();
            }
        } else {
            // A partner channel gets one record per occurrence: the warning and the target districts, no personal data.
            String text = render(template, String.join("、", campaign.districts() == null ? List.of() : campaign.districts()));
            QueueResult result = deliveries.queue(List.of(new NewDelivery(NewDelivery.idOf(id, k, "broadcast"), id, k, campaignId, channel,
                    template.id(), null, null, null, template.language(), String.join(",", campaign.districts() == null ? List.of() : campaign.districts()), text)));
            long n = result.inserted() + (resuming ? result.alreadyQueued() : 0);
            queued[0] += n;
            store.recordProgress(id, k, 1, n, queued[0], clock.instant().plus(lease));
            summary = AudienceSummary.empty();
        }
        if (stopped.get()) {
            deliveries.cancelQueued(id); // what was written after the cancel's own sweep
            store.update(id, Updates.set("leaseUntil", new Date(0)));
            durability.commit();
            return;
        }
        Occurrences occurrences = new Occurrences(push.get("schedule", Document.class).getDate("base").toInstant(), PushStore.schedule(
                push.get("schedule", Document.class), pushes.zone()).repeat(), pushes.zone());
        Document following = pushes.next(occurrences, occurrences.nextAfter(k, clock.instant()), channel);
        store.update(id, Updates.combine(
                Updates.set("queuing", new Document("occurrence", k).append("batches", -1).append("queued", queued[0]).append("done", true)),
                Updates.set("audience", PushStore.audience(summary)), Updates.inc("occurrencesQueued", 1),
                following == null ? Updates.unset("next") : Updates.set("next", following), Updates.set("leaseUntil", new Date(0))));
        durability.commit();
        events.publishEvent(new PushEvents.PushOccurrenceQueued(id, campaignId, k, summary, clock.instant()));
        if (following == null) {
            completeIfDone(id);
        }
        log.info("Queued push {} occurrence {}: {} deliveries, excluded {}", id, k, queued[0], summary.excluded());
    }

    /** RUNNING → COMPLETED once no occurrence is left and nothing is QUEUED or SENDING. */
    void completeIfDone(String id) {
        store.find(id).ifPresent(d -> {
            Document counts = d.get("counts", Document.class);
            long open = number(counts, DeliveryStatus.QUEUED) + number(counts, DeliveryStatus.SENDING);
            if (d.get("next") == null && open == 0) {
                store.changeStatus(id, EnumSet.of(PushStatus.RUNNING), PushStatus.COMPLETED, "scheduler", null, clock.instant())
                        .ifPresent(after -> events.publishEvent(new PushEvents.PushCompleted(id, clock.instant())));
            }
        });
    }

    private static long number(Document counts, DeliveryStatus status) {
        Object n = counts == null ? null : counts.get(status.name());
        return n == null ? 0 : ((Number) n).longValue();
    }

    private String render(WarningTemplate template, String district) {
        return pushes.templates().render(template, Map.of("district", district, "hotline", pushes.hotline()));
    }
}
