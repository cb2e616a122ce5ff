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
 * Writes records to the store in bulk batches with a few batches in flight, so that the next batch is encoded and
 * sent while the store still works on the previous one. Batches hold distinct case numbers (an import removes
 * repeats while reading), so their order does not matter.
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

    /**
     * Writes every record; {@code written} hears the running total of records written after each batch.
     * The first failing batch stops the writing: batches still in flight finish, none is started, and its error is thrown.
     */
    CaseStore.Applied writeAll(Iterator<CaseRecord> records, String batchId, LongConsumer written) {
        Deque<Future<CaseStore.Applied>> pending = new ArrayDeque<>();
        CaseStore.Applied applied = new CaseStore.Applied(0, 0, 0);
        long done = 0;
        List<CaseRecord> chunk = new ArrayList<>(batchSize);
        try {
            while (records.hasNext()) {
                chunk.add(records.next());
                if (chunk.size() == batchSize || !records.hasNext()) {
                    List<CaseRecord> batch = chunk;
                    chunk = new ArrayList<>(batchSize);
                    pending.add(writers.submit(() -> store.apply(batch, batchId, clock.instant())));
                    if (pending.size() >= inFlight) {
                        CaseStore.Applied one = await(pending.poll());
                        applied = applied.plus(one);
                        done += one.total();
                        written.accept(done);
                    }
                }
            }
            while (!pending.isEmpty()) {
                CaseStore.Applied one = await(pending.poll());
                applied = applied.plus(one);
                done += one.total();
                written.accept(done);
            }
            return applied;
        } finally {
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
        }
    }

    void shutdown() {
        writers.shutdownNow();
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
