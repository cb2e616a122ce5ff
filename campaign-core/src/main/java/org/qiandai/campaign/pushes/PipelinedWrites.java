package org.qiandai.campaign.pushes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.qiandai.campaign.support.DaemonThreads;

/**
 * Runs a push's batch writes on one background thread, in the order given, with at most one batch waiting, so that
 * the next batch's audience checks (do-not-contact list, send log) run while the store writes the previous one.
 * One thread keeps the writes and the resumable cursor they advance in order.
 */
final class PipelinedWrites implements AutoCloseable {

    private final ExecutorService writer;
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    PipelinedWrites(String name) {
        writer = DaemonThreads.single(name);
    }

    /** Queues a write; waits first while another is still waiting behind the one being written. */
    void submit(Runnable write) {
        pending.add(writer.submit(write));
        while (pending.size() > 1) {
            await(pending.poll());
        }
    }

    /** Waits for every write; rethrows the first failure. */
    void finish() {
        while (!pending.isEmpty()) {
            await(pending.poll());
        }
    }

    /** Lets the writes already submitted finish (their failures aside: the caller is failing already), then stops. */
    @Override
    public void close() {
        for (Future<?> write : pending) {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException ignored) {
                // the first failure has been or will be reported
            }
        }
        pending.clear();
        writer.shutdown();
    }

    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queuing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
