package org.qiandai.targeting;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.bson.types.ObjectId;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.cases.CaseSelection;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.DaemonThreads;
import org.qiandai.campaign.support.RecordIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Profiling runs: starts them as background jobs on this service's own bounded worker pool (one thread by default,
 * never a request thread), keeps their status, progress and results in {@code profile_runs}, and their assignments in
 * GridFS.
 * <p>
 * Cases are loaded in case-number order, so the same seed on the same cases gives the same result. Progress is
 * written at most twice a second; each write also tells the worker whether the run was cancelled (by this instance
 * or another one sharing the store). A worker's runs send a heartbeat every {@value #HEARTBEAT_SECONDS} s; a run whose
 * heartbeat stopped for {@value #SILENT_SECONDS} s belonged to a process that stopped, and is marked FAILED at start-up
 * and by a sweep every {@value #HEARTBEAT_SECONDS} s.
 */
@Service
public class ProfileRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProfileRuns.class);
    static final long PROGRESS_INTERVAL_MILLIS = 500;
    static final int HEARTBEAT_SECONDS = 15;
    static final int SILENT_SECONDS = 60;
    static final int MAX_K = 30;
    static final int LIST_LIMIT = 200;
    /** The engine's share of the progress bar; loading the cases comes before, saving the results after. */
    private static final double LOADED = 0.05;
    private static final double COMPUTED = 0.95;

    private final ProfileRunStore store;
    private final AssignmentFiles assignmentFiles;
    private final CaseQueries cases;
    private final VictimProfiler profiler;
    private final StoreDurability durability;
    private final Clock clock;
    private final int threads;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService ticker;
    /** This instance's queued and running runs, with their cancel flags. */
    private final Map<String, AtomicBoolean> local = new ConcurrentHashMap<>();

    ProfileRuns(ProfileRunStore store, AssignmentFiles assignmentFiles, CaseQueries cases, VictimProfiler profiler,
                StoreDurability durability, Clock clock,
                @Value("${qiandai.profiles.threads:1}") int threads,
                @Value("${qiandai.profiles.queue:20}") int queue) {
        this.store = store;
        this.assignmentFiles = assignmentFiles;
        this.cases = cases;
        this.profiler = profiler;
        this.durability = durability;
        this.clock = clock;
        this.threads = Math.max(1, threads);
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(this.threads, this.threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)), r -> {
                    Thread t = new Thread(r, "profile-run-" + count.incrementAndGet());
                    t.setDaemon(true);
                    t.setPriority(Thread.NORM_PRIORITY - 1);
                    return t;
                });
        this.ticker = DaemonThreads.scheduler("profile-run-heartbeat");
        ticker.scheduleWithFixedDelay(this::tick, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Starts a run in the background and answers at once with it (RUNNING when a worker was free, else QUEUED).
     *
     * @throws ProfileRunRejectedException when the parameters are out of range or no case matches the filter
     * @throws ProfileRunsBusyException    when too many runs are already waiting
     */
    public ProfileRun start(CaseSelection filter, ProfileParameters parameters, String user) {
        CaseSelection selection = filter == null ? CaseSelection.all() : filter;
        check(selection, parameters);
        if (!cases.any(selection)) {
            throw new ProfileRunRejectedException("filter: no case matches it, so there is nothing to profile");
        }
        String id = RecordIds.next("run", clock.instant());
        AtomicBoolean cancelled = new AtomicBoolean();
        ProfileRunStatus status;
        synchronized (local) {
            status = local.size() < threads ? ProfileRunStatus.RUNNING : ProfileRunStatus.QUEUED;
            local.put(id, cancelled);
        }
        store.insert(id, selection, parameters, status, user, clock.instant());
        try {
            workers.execute(() -> run(id, selection, parameters, cancelled));
        } catch (RejectedExecutionException e) {
            local.remove(id);
            store.end(id, ProfileRunStatus.FAILED, "too many profiling runs are waiting; start it again when one has finished", clock.instant());
            throw new ProfileRunsBusyException("too many profiling runs are waiting (" + workers.getQueue().size()
                    + "); try again when one has finished");
        }
        return store.find(id).orElseThrow();
    }

    private static void check(CaseSelection filter, ProfileParameters p) {
        if (p == null) {
            throw new ProfileRunRejectedException("parameters are required");
        }
        if (p.k() != null && (p.k() < 1 || p.k() > MAX_K)) {
            throw new ProfileRunRejectedException("k must be between 1 and " + MAX_K + ", or null to choose it");
        }
        if (p.minK() < 1 || p.maxK() > MAX_K || p.minK() > p.maxK()) {
            throw new ProfileRunRejectedException("minK and maxK must satisfy 1 ≤ minK ≤ maxK ≤ " + MAX_K);
        }
        if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
            throw new ProfileRunRejectedException("filter.from " + filter.from() + " is after filter.to " + filter.to());
        }
    }

    public Optional<ProfileRun> find(String id) {
        return store.find(id);
    }

    /** The latest runs, newest first, without their results. */
    public List<ProfileRunSummary> list() {
        return store.list(LIST_LIMIT);
    }

    /**
     * Cancels a queued or running run: its status becomes CANCELLED at once, and the engine stops at its next check.
     *
     * @return the run afterwards (unchanged if it had already finished); empty if there is no such run
     */
    public Optional<ProfileRun> cancel(String id) {
        AtomicBoolean flag = local.get(id);
        if (flag != null) {
            flag.set(true);
        }
        if (store.end(id, ProfileRunStatus.CANCELLED, null, clock.instant())) {
            log.info("Profiling run {} cancelled", id);
        }
        return store.find(id);
    }

    /**
     * Which profile of a finished run one person fits best.
     *
     * @throws IllegalStateException when the run is not DONE
     */
    public Optional<ProfileScore> score(String id, Map<CaseFeature, String> attributes) {
        Optional<ProfileRun> run = store.find(id);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        requireDone(run.get());
        ProfileModel model = store.model(id).orElseThrow(() -> new IllegalStateException("run " + id + " has no model"));
        return Optional.of(profiler.score(model, attributes));
    }

    /**
     * Writes the run's assignments as CSV ({@code caseNo,profile}, one row per case, in case-number order).
     *
     * @throws IllegalStateException when the run is not DONE
     */
    public boolean copyAssignments(String id, OutputStream out) throws IOException {
        Optional<ProfileRun> run = store.find(id);
        if (run.isEmpty()) {
            return false;
        }
        requireDone(run.get());
        ObjectId file = store.assignments(id).orElseThrow(() -> new IllegalStateException("run " + id + " has no assignments"));
        assignmentFiles.copy(file, out);
        return true;
    }

    /** @throws IllegalStateException unless the run is DONE */
    public static void requireDone(ProfileRun run) {
        if (run.status() != ProfileRunStatus.DONE) {
            throw new IllegalStateException("run " + run.id() + " is " + run.status() + ", not DONE");
        }
    }

    private void run(String id, CaseSelection filter, ProfileParameters parameters, AtomicBoolean cancelled) {
        try {
            if (cancelled.get() || !store.markRunning(id, clock.instant())) {
                return; // cancelled while it waited
            }
            Progress progress = new Progress(id, cancelled);
            progress.write(0, "loading", true);
            List<CaseRecord> records = new ArrayList<>();
            try (Stream<CaseRecord> stream = cases.records(filter)) {
                Iterator<CaseRecord> it = stream.iterator();
                while (it.hasNext()) {
                    records.add(it.next());
                    if (records.size() % 10_000 == 0) {
                        progress.write(0, "loading", false);
                        if (progress.cancelled()) {
                            throw new ProfilingCancelledException();
                        }
                    }
                }
            }
            if (records.isEmpty()) {
                store.end(id, ProfileRunStatus.FAILED, "no case matches the filter any more, so there is nothing to profile", clock.instant());
                return;
            }
            long started = System.nanoTime();
            ProfilingOutcome outcome = profiler.profile(records, parameters, progress.scaled(LOADED, COMPUTED));
            progress.write(COMPUTED, "saving", true);
            if (progress.cancelled()) {
                throw new ProfilingCancelledException();
            }
            ObjectId file = assignmentFiles.write(id, records, outcome.assignments());
            if (store.finish(id, records.size(), outcome, file, clock.instant())) {
                durability.commit();
                log.info("Profiling run {}: {} cases, k = {}, in {} ms", id, records.size(), outcome.k(),
                        (System.nanoTime() - started) / 1_000_000);
            } else {
                assignmentFiles.delete(file); // cancelled while saving
            }
        } catch (ProfilingCancelledException e) {
            store.end(id, ProfileRunStatus.CANCELLED, null, clock.instant());
        } catch (IOException e) {
            fail(id, new UncheckedIOException(e));
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(id, e);
        } finally {
            local.remove(id);
        }
    }

    private void fail(String id, Throwable e) {
        String message = e instanceof OutOfMemoryError ? "out of memory: profile fewer cases or give the application more heap"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof IllegalArgumentException)) {
            log.warn("Profiling run {} failed", id, e);
        }
        store.end(id, ProfileRunStatus.FAILED, message, clock.instant());
    }

    /** Keeps this instance's runs alive in the store and fails runs whose process stopped. */
    private void tick() {
        try {
            Instant now = clock.instant();
            for (String id : local.keySet()) {
                store.heartbeat(id, now);
            }
            failSilentRuns();
        } catch (RuntimeException e) {
            log.warn("Profiling run heartbeat failed: {}", e.getMessage());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void failInterruptedRuns() {
        long failed = failSilentRuns();
        if (failed > 0) {
            log.warn("{} profiling run(s) were interrupted by an earlier stop and are marked failed", failed);
        }
    }

    /** Marks queued and running runs that no live worker holds and that sent no heartbeat lately as FAILED. */
    long failSilentRuns() {
        Instant now = clock.instant();
        long failed = 0;
        for (String id : store.silentSince(now.minus(Duration.ofSeconds(SILENT_SECONDS)))) {
            if (!local.containsKey(id) && store.end(id, ProfileRunStatus.FAILED,
                    "interrupted: the application stopped during the run; start it again", now)) {
                failed++;
            }
        }
        return failed;
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        local.values().forEach(flag -> flag.set(true));
        workers.shutdownNow();
    }

    /** Reports to the run's document at most every {@value #PROGRESS_INTERVAL_MILLIS} ms; learns of cancels from the writes. */
    private final class Progress implements ProfilingProgress {
        private final String id;
        private final AtomicBoolean cancelled;
        private long lastWrite;

        Progress(String id, AtomicBoolean cancelled) {
            this.id = id;
            this.cancelled = cancelled;
        }

        void write(double fraction, String stage, boolean force) {
            long now = System.currentTimeMillis();
            if (force || now - lastWrite >= PROGRESS_INTERVAL_MILLIS) {
                lastWrite = now;
                double bounded = Math.max(0, Math.min(1, fraction));
                if (!store.progress(id, bounded, stage, clock.instant())) {
                    cancelled.set(true);
                }
            }
        }

        @Override
        public void report(double fraction, String stage) {
            write(fraction, stage, false);
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }

        ProfilingProgress scaled(double from, double to) {
            return new ProfilingProgress() {
                @Override
                public void report(double fraction, String stage) {
                    write(from + (to - from) * Math.max(0, Math.min(1, fraction)), stage, false);
                }

                @Override
                public boolean cancelled() {
                    return cancelled.get();
                }
            };
        }
    }
}
