package org.qiandai.channels.smpp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;

import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.Outcome;
import org.qiandai.campaign.deliveries.Transition;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery receipts from the gateway, applied in batches every 100 ms: the deliveries are found by message id (one
 * {@code $in} on the unique {@code providerId} index) and moved on forward only — DELIVRD → DELIVERED, UNDELIV →
 * UNDELIVERED, EXPIRED → EXPIRED, REJECTD and DELETED → FAILED (with {@code stat:err} as the code); ENROUTE, ACCEPTD
 * and UNKNOWN say nothing new. A receipt can arrive before the dispatcher has written the message id it refers to:
 * such a receipt is tried again for {@value #PATIENCE_ROUNDS} rounds (10 s) before it is given up (logged).
 */
final class SmppReceipts implements AutoCloseable {

    static final int PATIENCE_ROUNDS = 100;
    private static final Logger log = LoggerFactory.getLogger(SmppReceipts.class);

    record Receipt(String messageId, String state, String error, int rounds) {
    }

    private final Deliveries deliveries;
    private final StoreDurability durability;
    private final ConcurrentLinkedQueue<Receipt> queue = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService loop;

    SmppReceipts(Deliveries deliveries, StoreDurability durability) {
        this.deliveries = deliveries;
        this.durability = durability;
        this.loop = DaemonThreads.repeating("smpp-receipts", java.time.Duration.ofMillis(100), this::drain,
                e -> log.warn("Applying SMPP receipts failed, trying again: {}", e.toString()));
    }

    void add(String messageId, String state, String error) {
        queue.add(new Receipt(messageId, state, error, 0));
    }

    static DeliveryStatus toDelivery(String state) {
        return switch (state) {
            case "DELIVRD" -> DeliveryStatus.DELIVERED;
            case "UNDELIV" -> DeliveryStatus.UNDELIVERED;
            case "EXPIRED" -> DeliveryStatus.EXPIRED;
            case "REJECTD", "DELETED" -> DeliveryStatus.FAILED;
            default -> null;
        };
    }

    synchronized void drain() {
        List<Receipt> batch = new ArrayList<>();
        for (Receipt r; (r = queue.poll()) != null && batch.size() < 5000; ) {
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Delivery> found = new HashMap<>();
        deliveries.findByProviderIds(batch.stream().map(Receipt::messageId).toList()).forEach(d -> found.put(d.providerId(), d));
        List<Transition> transitions = new ArrayList<>();
        for (Receipt r : batch) {
            DeliveryStatus to = toDelivery(r.state());
            if (to == null) {
                continue;
            }
            Delivery d = found.get(r.messageId());
            if (d == null) {
                if (r.rounds() < PATIENCE_ROUNDS) {
                    queue.add(new Receipt(r.messageId(), r.state(), r.error(), r.rounds() + 1));
                } else {
                    log.info("SMPP receipt {} for message {} that no delivery knows", r.state(), r.messageId());
                }
                continue;
            }
            boolean failed = to != DeliveryStatus.DELIVERED;
            String code = failed ? r.state() + (r.error() == null || r.error().matches("0*") ? "" : ":" + r.error()) : null;
            transitions.add(new Transition(d, to, failed ? Outcome.error(code, "SMPP receipt " + r.state()) : Outcome.NONE));
        }
        if (!transitions.isEmpty()) {
            deliveries.transitionAll(transitions);
            durability.commit();
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            drain();
        } catch (RuntimeException e) {
            log.warn("Receipts not applied at shutdown ({}): the reconciliation of a later start does not cover SMPP", e.toString());
        }
    }
}
