package org.qiandai.campaign.cases;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Writes records to the store in bulk batches with a few batches in flight, so that the next batch is read, checked,
 * encoded and sent while the store still works on the previous one. Batches hold distinct case numbers (an import
 * removes repeats while reading), so their order does not matter.
 */
final class CaseBatchWriter {

    private final CaseStore store;
    private final ExecutorService writers;
    private final int batchSize;
    private final int inFlight;
    private final Clock clock;

    CaseBatchWriter(CaseStore store, ExecutorService writers, int batchSize, int inFlight, Clock clock) {
        this.store = store;
        this.writers = writers;
        this.batchSize = batchSize;
        this.inFlight = Math.max(1, inFlight);
        this.clock = clock;
    }

    /** Writes every record and answers what was applied. */
    CaseStore.Applied writeAll(Iterator<CaseRecord> records, String batchId, LongConsumer written) {
        try (Session session = open(batchId, written)) {
            records.forEachRemaining(session::add);
            return session.finish();
        }
    }

    /** A stream of records fed by one thread; {@code written} hears the running total after each batch. */
    Session open(String batchId, LongConsumer written) {
        return new Session(batchId, written);
    }

    void shutdown() {
        writers.shutdownNow();
    }

    /**
     * One import's writes. The first failing batch stops the writing: {@link #add} and {@link #finish} rethrow it.
     * {@link #close()} always waits for the batches in flight, so nothing is written after the caller moved on.
     */
    final class Session implements AutoCloseable {
        private final String batchId;
        private final LongConsumer written;
        private final Deque<Future<CaseStore.Applied>> pending = new ArrayDeque<>();
        private List<CaseRecord> chunk = new ArrayList<>(batchSize);
        private CaseStore.Applied applied = new CaseStore.Applied(0, 0, 0);
        private long done;

        private Session(String batchId, LongConsumer written) {
            this.batchId = batchId;
            this.written = written;
        }

        void add(CaseRecord record) {
            chunk.add(record);
            if (chunk.size() == batchSize) {
                send();
            }
        }

        CaseStore.Applied finish() {
            if (!chunk.isEmpty()) {
                send();
            }
            while (!pending.isEmpty()) {
                collect();
            }
            return applied;
        }

        private void send() {
            List<CaseRecord> batch = chunk;
            chunk = new ArrayList<>(batchSize);
            pending.add(writers.submit(() -> store.apply(batch, batchId, clock.instant())));
            while (pending.size() >= inFlight) {
                collect();
            }
        }

        private void collect() {
            CaseStore.Applied one = await(pending.poll());
            applied = applied.plus(one);
            done += one.total();
            written.accept(done);
        }

        @Override
        public void close() {
            for (Future<CaseStore.Applied> rest : pending) {
                try {
                    rest.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | CancellationException ignored) {
                    // the first failure is the one reported
                }
            }
            pending.clear();
        }
    }

    private static CaseStore.Applied await(Future<CaseStore.Applied> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the import was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
