package org.qiandai.channels.twilio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status changes of Twilio's callbacks together: the changes that arrive while one batch is being written
 * are written as the next, in one bulk write of conditional updates ({@link Deliveries#transitionAll}: the deliveries,
 * then the push counters once per push) instead of three round trips per callback, which is what lets a single
 * embedded store take a few hundred callbacks a second. Each callback waits for its own change to be written before it
 * is answered. A change the batch did not apply (the delivery moved on since it was read) is tried once more alone,
 * forward-only against its current status, as a single callback always was; two changes of one delivery never go in
 * one batch.
 */
final class StatusWrites implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusWrites.class);
    static final int MAX_BATCH = 500;
    static final long WAIT_SECONDS = 30;

    private record Pending(Transition transition, CompletableFuture<Boolean> done) {
    }

    private final Deliveries deliveries;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    StatusWrites(Deliveries deliveries) {
        this.deliveries = deliveries;
        this.writer = new Thread(this::run, "twilio-status-writes");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes the change with the next batch; answers whether it was applied (false: a duplicate, late or reordered one). */
    boolean transition(Transition t) {
        if (closed) {
            return deliveries.transition(t.current().id(), t.to(), t.outcome());
        }
        Pending p = new Pending(t, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a Twilio status", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the store did not take a Twilio status within " + WAIT_SECONDS + " s", e);
        }
    }

    private void run() {
        ArrayDeque<Pending> later = new ArrayDeque<>();
        while (!closed) {
            try {
                List<Pending> drained = new ArrayList<>();
                while (!later.isEmpty() && drained.size() < MAX_BATCH) {
                    drained.add(later.poll());
                }
                if (drained.isEmpty()) {
                    Pending first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    drained.add(first);
                }
                queue.drainTo(drained, MAX_BATCH - drained.size());
                Map<String, Pending> batch = new LinkedHashMap<>();
                for (Pending p : drained) {
                    if (batch.putIfAbsent(p.transition().current().id(), p) != null) {
                        later.add(p); // the same delivery twice: the second goes in the next batch, against what the first left
                    }
                }
                write(new ArrayList<>(batch.values()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Writing Twilio statuses failed: {}", e.toString());
            }
        }
    }

    private void write(List<Pending> batch) {
        Set<String> applied = new HashSet<>();
        try {
            for (Delivery d : deliveries.transitionAll(batch.stream().map(Pending::transition).toList())) {
                applied.add(d.id());
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        for (Pending p : batch) {
            Transition t = p.transition();
            if (applied.contains(t.current().id())) {
                p.done().complete(true);
                continue;
            }
            if (!t.to().predecessors().contains(t.current().status())) {
                p.done().complete(false); // a duplicate, or a late or reordered status: nothing to do, as before
                continue;
            }
            try {
                // not applied as read (moved on, or not a forward move from what was read): once more against what it is now
                p.done().complete(deliveries.transition(t.current().id(), t.to(), t.outcome()));
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        for (Pending p; (p = queue.poll()) != null; ) {
            Pending pending = p;
            try {
                pending.done().complete(deliveries.transition(pending.transition().current().id(), pending.transition().to(),
                        pending.transition().outcome()));
            } catch (RuntimeException e) {
                pending.done().completeExceptionally(e);
            }
        }
    }
}
