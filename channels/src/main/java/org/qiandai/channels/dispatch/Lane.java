package org.qiandai.channels.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Claim;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.Outcome;
import org.qiandai.campaign.deliveries.Settlement;
import org.qiandai.campaign.pushes.FrequencyCap;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.pushes.PushStatus;
import org.qiandai.campaign.pushes.StandingPushes;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.OutboundMessage;
import org.qiandai.channels.SendResult;
import org.qiandai.channels.TokenBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's dispatch: a controller thread that claims batches and hands their messages to up to
 * {@link ChannelSender#window()} sending threads at the channel's rate, and a flusher that writes the results.
 * <p>
 * The order of writes is what makes a crash safe: a batch's claim document, then its deliveries' claim (QUEUED →
 * SENDING), committed; before each chunk goes out, the claim's {@code attempted} mark is raised past it and
 * committed; results are written and committed by the flusher (every {@code flush}). Whoever takes over an expired
 * claim therefore knows which deliveries may have gone out (UNKNOWN, never re-sent) and which certainly did not
 * (sent by the new holder). Push status and quiet hours are checked before each chunk: a paused push's or a quiet
 * hour's unsent deliveries go back to QUEUED, a cancelled push's become CANCELLED.
 * <p>
 * Each channel has two lanes sharing its token bucket: the ordinary one for campaign pushes, and an <em>urgent</em>
 * one for exempt pushes (the standing pushes of early warnings), which sends inside quiet hours and past frequency
 * caps (the do-not-contact list still applies), takes its tokens without waiting behind campaign traffic, and claims
 * the deliveries it is told of ({@link #hint}) at once, besides polling.
 */
final class Lane {

    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    /** Claims sent and not yet all written: more would only queue results (latency, heap) the store cannot take faster. */
    static final int MAX_OPEN_CLAIMS = 3;

    private final ChannelSender sender;
    private final String channel;
    private final boolean urgent;
    private final ConcurrentLinkedQueue<String> hinted = new ConcurrentLinkedQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private final Deliveries deliveries;
    private final DispatchClaims claims;
    private final PushStates pushes;
    private final PushRules rules;
    private final PhoneCrypto crypto;
    private final DoNotContactList dnc;
    private final StoreDurability durability;
    private final Clock clock;
    private final DispatchSettings settings;
    private final String owner;
    private final TokenBucket bucket;
    private final Semaphore window;
    private final int chunk;
    private final ExecutorService pool;
    private final Thread controller;
    private final Thread flusher;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final Map<String, OpenClaim> open = new ConcurrentHashMap<>();
    private final Retries retries = new Retries();
    private final Map<String, String> cursors = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean crashed;
    private volatile Consumer<MessageTiming> timings;
    private int rotation;
    private long nextTakeOver;

    Lane(ChannelSender sender, boolean urgent, TokenBucket bucket, Deliveries deliveries, DispatchClaims claims, PushStates pushes, PushRules rules,
         PhoneCrypto crypto, DoNotContactList dnc, StoreDurability durability, Clock clock, DispatchSettings settings, String owner) {
        this.sender = sender;
        this.channel = sender.channel();
        this.urgent = urgent;
        this.deliveries = deliveries;
        this.claims = claims;
        this.pushes = pushes;
        this.rules = rules;
        this.crypto = crypto;
        this.dnc = dnc;
        this.durability = durability;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.bucket = bucket;
        int windowSize = Math.max(1, sender.window());
        this.window = new Semaphore(windowSize);
        // a chunk is about a quarter second of sending: what a crash can leave UNKNOWN
        long perQuarter = sender.rate() <= 0 ? settings.batchSize() : Math.round(sender.rate() / 4);
        this.chunk = (int) Math.max(windowSize, Math.min(settings.batchSize(), perQuarter));
        String name = "dispatch-" + channel + (urgent ? "-urgent" : "");
        this.pool = Executors.newFixedThreadPool(windowSize, threads(name + "-send"));
        this.controller = threads(name).newThread(this::control);
        this.flusher = threads(name + "-flush").newThread(this::flushLoop);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    String channel() {
        return channel;
    }

    boolean urgent() {
        return urgent;
    }

    /** Deliveries just queued that this (urgent) lane should claim now, by id; wakes it. */
    void hint(java.util.Collection<String> deliveryIds) {
        hinted.addAll(deliveryIds);
        wake.release();
    }

    void onTiming(Consumer<MessageTiming> consumer) {
        this.timings = consumer;
    }

    void start() {
        controller.start();
        flusher.start();
    }

    /** Stops claiming, lets what is in flight finish, releases what was claimed and not sent, writes every result. */
    void stop() {
        stopping = true;
        stopped.countDown();
        wake.release();
        join(controller);
        pool.shutdown();
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        join(flusher);
        flush();
    }

    /** Stops every thread at once and writes nothing more, as a killed process would: for tests. */
    void crash() {
        crashed = true;
        stopping = true;
        stopped.countDown();
        wake.release();
        controller.interrupt();
        flusher.interrupt();
        pool.shutdownNow();
        join(controller);
        join(flusher);
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean pause(Duration d) {
        try {
            return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    // --- the controller ---

    private void control() {
        while (!stopping) {
            try {
                if (quietNow()) {
                    pause(settings.poll());
                    continue;
                }
                if (open.size() >= MAX_OPEN_CLAIMS) {
                    pause(Duration.ofMillis(5));
                    continue;
                }
                if (System.nanoTime() - nextTakeOver >= 0) {
                    nextTakeOver = System.nanoTime() + settings.lease().toNanos() / 2;
                    takeOverExpired();
                }
                Batch batch = nextBatch();
                if (batch == null) {
                    idle(settings.poll());
                    continue;
                }
                process(batch);
            } catch (RuntimeException e) {
                if (crashed || stopping && Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.warn("Dispatch on {} failed, trying again: {}", channel, e.toString());
                pause(settings.poll());
            }
        }
    }

    /** Waits for the next poll, or until a hint or a stop wakes the lane. */
    private void idle(Duration d) {
        try {
            if (hinted.isEmpty()) {
                wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
            }
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Quiet hours hold the ordinary lane only: urgent warnings are exempt. */
    private boolean quietNow() {
        return !urgent && rules.quietHours(channel).contains(clock.instant().atZone(rules.zone()).toLocalTime());
    }

    /** A claimed batch: the claim, its push, the ids in sending order, the deliveries held (in that order). */
    private record Batch(Claim claim, String pushId, List<String> ids, List<Delivery> held, long claimedNanos) {
    }

    /**
     * The next push in turn with work: for the urgent lane the deliveries it was told of first; then the push's due
     * retries, then QUEUED deliveries after its cursor. The ordinary lane serves the pushes that are not exempt, the
     * urgent lane those that are.
     */
    private Batch nextBatch() {
        if (urgent && !hinted.isEmpty()) {
            Batch batch = hintedBatch();
            if (batch != null) {
                return batch;
            }
        }
        List<PushStates.Running> running = pushes.running(List.of(channel)).stream().filter(p -> p.exempt() == urgent).toList();
        for (int k = 0; k < running.size(); k++) {
            PushStates.Running push = running.get(Math.floorMod(rotation++, running.size()));
            Instant now = clock.instant();
            if (push.oldestPending() != null && push.oldestPending().isBefore(now.minus(settings.lease()))) {
                int recovered = deliveries.recoverPending(push.id(), now.minus(settings.lease()));
                if (recovered > 0) {
                    log.info("Added the counters of {} batches of push {} whose writer stopped before adding them", recovered, push.id());
                }
            }
            Map<String, Delivery> candidates = new LinkedHashMap<>();
            List<String> due = retries.due(push.id(), now, settings.batchSize());
            if (!due.isEmpty()) {
                deliveries.queuedAmong(due).forEach(d -> candidates.put(d.id(), d));
            }
            if (candidates.size() < settings.batchSize() && push.queued() > retries.waiting(push.id())) {
                String after = cursors.get(push.id());
                List<Delivery> more = deliveries.queued(push.id(), after, settings.batchSize() - candidates.size());
                if (more.isEmpty() && after != null) {
                    // deliveries can be queued behind the cursor (later segments, released claims): one more pass
                    more = deliveries.queued(push.id(), null, settings.batchSize() - candidates.size());
                }
                cursors.put(push.id(), more.isEmpty() ? null : more.get(more.size() - 1).id());
                more.forEach(d -> candidates.putIfAbsent(d.id(), d));
            }
            if (!candidates.isEmpty()) {
                Batch batch = claim(push.id(), new ArrayList<>(candidates.values()));
                if (batch != null) {
                    return batch;
                }
            }
        }
        return null;
    }

    /** Up to a batch of the deliveries hinted, those still QUEUED, of one RUNNING push (others are left to the poll). */
    private Batch hintedBatch() {
        Map<String, List<String>> byPush = new LinkedHashMap<>();
        int n = 0;
        for (String id; n < settings.batchSize() && (id = hinted.poll()) != null; n++) {
            int colon = id.indexOf(':');
            if (colon > 0) {
                byPush.computeIfAbsent(id.substring(0, colon), k -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<String, List<String>> e : byPush.entrySet()) {
            if (pushes.status(e.getKey()).orElse(PushStatus.CANCELLED) != PushStatus.RUNNING) {
                continue; // paused: the poll finds them once it runs again
            }
            List<Delivery> queued = deliveries.queuedAmong(new HashSet<>(e.getValue()));
            if (!queued.isEmpty()) {
                Batch batch = claim(e.getKey(), new ArrayList<>(queued));
                if (batch != null) {
                    return batch;
                }
            }
        }
        return null;
    }

    private Claim newClaim() {
        return new Claim(owner + "-" + sequence.incrementAndGet(), owner, clock.instant().plus(settings.lease()));
    }

    private Batch claim(String pushId, List<Delivery> candidates) {
        candidates.sort(Comparator.comparing(Delivery::id));
        List<String> ids = candidates.stream().map(Delivery::id).toList();
        Claim claim = newClaim();
        claims.open(claim, channel, pushId, ids);
        List<Delivery> held = deliveries.claim(candidates, claim);
        if (held.isEmpty()) {
            claims.close(claim.id());
            return null;
        }
        durability.commit(); // the claim is durable before anything under it goes out
        return new Batch(claim, pushId, ids, inOrder(ids, held), System.nanoTime());
    }

    private static List<Delivery> inOrder(List<String> ids, List<Delivery> held) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        List<Delivery> sorted = new ArrayList<>(held);
        sorted.sort(Comparator.comparing(d -> position.get(d.id())));
        return sorted;
    }

    private void process(Batch batch) {
        OpenClaim claim = new OpenClaim(batch.claim(), batch.pushId(), batch.claimedNanos());
        open.put(batch.claim().id(), claim);
        try {
            List<Delivery> held = settings.recheck() ? recheck(batch) : batch.held();
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < batch.ids().size(); i++) {
                position.put(batch.ids().get(i), i);
            }
            int i = 0;
            while (i < held.size()) {
                PushStatus status = pushes.status(batch.pushId()).orElse(PushStatus.CANCELLED);
                if (status != PushStatus.RUNNING || stopping || quietNow()) {
                    settleNow(batch.claim(), held.subList(i, held.size()), status == PushStatus.CANCELLED);
                    return;
                }
                int end = Math.min(held.size(), i + chunk);
                int upTo = position.get(held.get(end - 1).id()) + 1;
                if (!claims.markAttempted(batch.claim().id(), owner, upTo, clock.instant().plus(settings.lease()))) {
                    log.warn("Claim {} on {} was taken over: its unsent deliveries are the new holder's", batch.claim().id(), channel);
                    return;
                }
                durability.commit(); // what may go out is recorded before it goes
                for (int j = i; j < end; j++) {
                    if (stopping || !(urgent ? bucket.acquireUrgent(() -> stopping) : bucket.acquire(() -> stopping)) || !acquireWindow()) {
                        if (!crashed) {
                            settleNow(batch.claim(), held.subList(j, held.size()), false);
                        }
                        return;
                    }
                    Delivery d = held.get(j);
                    claim.outstanding.incrementAndGet();
                    pool.execute(() -> send(claim, d));
                }
                i = end;
            }
        } finally {
            claim.submitted = true;
        }
    }

    private boolean acquireWindow() {
        try {
            while (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (crashed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The do-not-contact list and the frequency cap once more, just before sending (an opt-out or another push may
     * have come since queuing): those deliveries are settled at once (OPTED_OUT, CANCELLED) and never attempted. The
     * urgent lane checks the list only (urgent warnings are exempt from caps).
     */
    private List<Delivery> recheck(Batch batch) {
        Set<String> hashes = new HashSet<>();
        batch.held().forEach(d -> {
            if (d.phoneHash() != null) {
                hashes.add(d.phoneHash());
            }
        });
        Set<String> optedOut = dnc == null ? Set.of() : dnc.containingHashes(hashes);
        FrequencyCap cap = rules.frequencyCap(channel);
        Map<String, Integer> sends = urgent ? Map.of() : deliveries.sendsSince(hashes, clock.instant().minus(cap.window()));
        List<Settlement> skipped = new ArrayList<>();
        List<Delivery> keep = new ArrayList<>(batch.held().size());
        for (Delivery d : batch.held()) {
            if (optedOut.contains(d.phoneHash())) {
                skipped.add(Settlement.of(d, DeliveryStatus.OPTED_OUT, Outcome.error("DO_NOT_CONTACT", "on the do-not-contact list at send time"), d.attempts()));
            } else if (sends.getOrDefault(d.phoneHash(), 0) >= cap.max()) {
                skipped.add(Settlement.of(d, DeliveryStatus.CANCELLED, Outcome.error("FREQUENCY_CAP",
                        "already " + sends.get(d.phoneHash()) + " warnings within " + cap + " at send time"), d.attempts()));
            } else {
                keep.add(d);
            }
        }
        if (!skipped.isEmpty()) {
            deliveries.settle(batch.claim().id(), skipped);
            durability.commit();
        }
        return keep;
    }

    /** Deliveries held and not attempted: back to QUEUED, or CANCELLED when their push was cancelled. */
    private void settleNow(Claim claim, List<Delivery> rest, boolean cancelled) {
        if (rest.isEmpty()) {
            return;
        }
        deliveries.settle(claim.id(), rest.stream().map(d -> cancelled
                ? Settlement.of(d, DeliveryStatus.CANCELLED, Outcome.error("PUSH_CANCELLED", "the push was cancelled before it was sent"), d.attempts())
                : Settlement.release(d)).toList());
        durability.commit();
    }

    /** The expired claims of this channel (their holder crashed or hung): in-flight ones UNKNOWN, the rest sent here. */
    private void takeOverExpired() {
        for (DispatchClaims.Open expired : claims.expired(channel, clock.instant())) {
            if (StandingPushes.isStanding(expired.pushId()) != urgent) {
                continue; // the other lane's: urgent claims are the standing pushes'
            }
            DispatchClaims.Open taken = claims.take(expired.id(), owner, clock.instant());
            if (taken == null) {
                continue;
            }
            int attempted = Math.min(taken.attempted(), taken.ids().size());
            List<Delivery> inFlight = deliveries.heldBy(taken.id(), taken.ids().subList(0, attempted));
            if (!inFlight.isEmpty()) {
                deliveries.settle(taken.id(), inFlight.stream().map(d -> Settlement.of(d, DeliveryStatus.UNKNOWN,
                        Outcome.error("DISPATCHER_LOST", "the dispatcher " + taken.owner() + " stopped while this send may have been in flight"),
                        d.attempts() + 1)).toList());
            }
            List<String> rest = taken.ids().subList(attempted, taken.ids().size());
            Batch batch = null;
            if (!rest.isEmpty()) {
                Claim claim = newClaim();
                claims.open(claim, channel, taken.pushId(), rest);
                List<Delivery> held = deliveries.takeOver(taken.id(), rest, claim);
                if (held.isEmpty()) {
                    claims.close(claim.id());
                } else {
                    batch = new Batch(claim, taken.pushId(), rest, inOrder(rest, held), System.nanoTime());
                }
            }
            claims.close(taken.id());
            durability.commit();
            log.info("Took over claim {} of {} on {}: {} possibly sent (UNKNOWN), {} to send", taken.id(), taken.owner(), channel,
                    inFlight.size(), batch == null ? 0 : batch.held().size());
            if (batch != null) {
                process(batch);
            }
        }
    }

    // --- sending ---

    private void send(OpenClaim claim, Delivery d) {
        long started = System.nanoTime();
        SendResult result;
        try {
            String to;
            try {
                to = crypto.decrypt(d.encryptedPhone());
            } catch (IllegalArgumentException e) {
                to = null;
            }
            result = to == null ? SendResult.permanent("NUMBER_UNREADABLE", "the stored number cannot be decrypted with this key")
                    : sender.send(new OutboundMessage(d.id(), d.pushId(), to, d.text(), d.attempts() + 1));
            if (result == null) {
                result = SendResult.unknown("SENDER_ERROR", "the sender answered nothing");
            }
        } catch (RuntimeException e) {
            result = SendResult.unknown("SENDER_ERROR", e.toString());
        } finally {
            window.release();
        }
        if (result.throttled()) {
            bucket.backOff();
        } else if (result.kind() == SendResult.Kind.ACCEPTED) {
            bucket.recover();
        }
        results.add(new Result(claim, d, result, started, System.nanoTime()));
    }

    /** A claim being worked on: how many of its sends have no written result yet. */
    private static final class OpenClaim {
        final Claim claim;
        final String pushId;
        final long claimedNanos;
        final AtomicInteger outstanding = new AtomicInteger();
        volatile boolean submitted;

        OpenClaim(Claim claim, String pushId, long claimedNanos) {
            this.claim = claim;
            this.pushId = pushId;
            this.claimedNanos = claimedNanos;
        }
    }

    private record Result(OpenClaim claim, Delivery delivery, SendResult result, long started, long ended) {
    }

    // --- the flusher ---

    private void flushLoop() {
        long nextRenew = 0;
        while (!stopping) {
            try {
                if (pause(settings.flush())) {
                    return;
                }
                flush();
                if (System.nanoTime() - nextRenew >= 0) {
                    nextRenew = System.nanoTime() + settings.lease().toNanos() / 3;
                    claims.renew(owner, clock.instant().plus(settings.lease()));
                }
            } catch (RuntimeException e) {
                if (crashed) {
                    return;
                }
                log.warn("Writing results on {} failed, trying again: {}", channel, e.toString());
            }
        }
    }

    /** Writes every result gathered so far (one bulk write per claim), commits, closes the claims that are done. */
    synchronized void flush() {
        if (crashed) {
            return;
        }
        List<Result> drained = new ArrayList<>();
        for (Result r; (r = results.poll()) != null; ) {
            drained.add(r);
        }
        Map<OpenClaim, List<Result>> byClaim = new LinkedHashMap<>();
        drained.forEach(r -> byClaim.computeIfAbsent(r.claim(), k -> new ArrayList<>()).add(r));
        Instant now = clock.instant();
        for (var entry : byClaim.entrySet()) {
            List<Settlement> settlements = new ArrayList<>(entry.getValue().size());
            boolean cancelled = entry.getValue().stream().anyMatch(r -> r.result().kind() == SendResult.Kind.RETRY)
                    && pushes.status(entry.getKey().pushId).orElse(PushStatus.CANCELLED) == PushStatus.CANCELLED;
            for (Result r : entry.getValue()) {
                settlements.add(cancelled && r.result().kind() == SendResult.Kind.RETRY
                        ? Settlement.of(r.delivery(), DeliveryStatus.CANCELLED, Outcome.error(r.result().code(),
                                "the push was cancelled before a retry: " + r.result().message()), r.delivery().attempts() + 1)
                        : settlement(r, now));
            }
            deliveries.settle(entry.getKey().claim.id(), settlements);
        }
        if (!drained.isEmpty()) {
            durability.commit(); // results are durable before the claim goes
            long settled = System.nanoTime();
            Consumer<MessageTiming> consumer = timings;
            if (consumer != null) {
                drained.forEach(r -> consumer.accept(new MessageTiming(r.claim().claimedNanos, r.started(), r.ended(), settled)));
            }
            byClaim.forEach((c, list) -> c.outstanding.addAndGet(-list.size()));
        }
        for (OpenClaim c : open.values()) {
            if (c.submitted && c.outstanding.get() == 0) {
                claims.close(c.claim.id());
                open.remove(c.claim.id());
            }
        }
    }

    private Settlement settlement(Result r, Instant now) {
        Delivery d = r.delivery();
        int attempts = d.attempts() + 1;
        SendResult s = r.result();
        return switch (s.kind()) {
            case ACCEPTED -> Settlement.of(d, DeliveryStatus.SENT, Outcome.provider(s.providerId()), attempts);
            case PERMANENT -> Settlement.of(d, DeliveryStatus.FAILED, Outcome.error(s.code(), s.message()), attempts);
            case UNKNOWN -> Settlement.of(d, DeliveryStatus.UNKNOWN, Outcome.error(s.code(), s.message()), attempts);
            case OPTED_OUT -> {
                if (dnc != null && d.phoneHash() != null) {
                    dnc.addHash(d.phoneHash(), "provider " + channel + ": " + s.code() + " " + (s.message() == null ? "" : s.message()).strip(),
                            "provider", channel);
                }
                yield Settlement.of(d, DeliveryStatus.OPTED_OUT, Outcome.error(s.code(), s.message()), attempts);
            }
            case RETRY -> {
                if (attempts >= settings.maxAttempts()) {
                    yield Settlement.of(d, DeliveryStatus.FAILED, Outcome.error(s.code(), "after " + attempts + " attempts: " + s.message()), attempts);
                }
                Instant at = now.plus(settings.retryDelay(attempts));
                retries.add(d.pushId(), d.id(), at);
                yield new Settlement(d, DeliveryStatus.QUEUED, Outcome.error(s.code(), s.message()), attempts, at);
            }
        };
    }

    /** Claims this lane holds open now (tests). */
    int openClaims() {
        return open.size();
    }
}
