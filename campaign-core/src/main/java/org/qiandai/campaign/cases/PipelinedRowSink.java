package org.qiandai.campaign.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Checks rows on a second thread while the reader parses the next ones: parsing (XML, for .xlsx) and checking each
 * take about half of the reading pass, so two cores read a file in about half the time. Rows go to the checking sink
 * on the reader's thread until it has found the header, then in blocks through a small queue, in order.
 * Call {@link #finish()} after reading: it waits for the checks and rethrows what they threw.
 */
final class PipelinedRowSink implements RowSink, AutoCloseable {

    private static final int BLOCK = 512;
    private static final List<Row> END = List.of();

    private record Row(long number, Object[] cells) {
    }

    private final RowSink checker;
    private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(16);
    private List<Row> block = new ArrayList<>(BLOCK);
    private Thread worker;
    private volatile RuntimeException failure;

    PipelinedRowSink(RowSink checker) {
        this.checker = checker;
    }

    @Override
    public boolean startSheet(String name, boolean date1904) {
        return worker != null || checker.startSheet(name, date1904);
    }

    @Override
    public boolean row(long rowNumber, Object[] cells) {
        if (worker == null) {
            boolean more = checker.row(rowNumber, cells);
            if (checker.done()) {
                startWorker();
            }
            return more;
        }
        rethrowFailure();
        block.add(new Row(rowNumber, cells));
        if (block.size() == BLOCK) {
            put(block);
            block = new ArrayList<>(BLOCK);
        }
        return true;
    }

    @Override
    public boolean done() {
        return checker.done();
    }

    @Override
    public void progress(double fraction) {
        checker.progress(fraction);
    }

    /** Waits until every row has been checked; rethrows the first failure of the checks. */
    void finish() {
        if (worker != null) {
            if (!block.isEmpty()) {
                put(block);
                block = new ArrayList<>(BLOCK);
            }
            put(END);
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking rows", e);
            }
            worker = null;
        }
        rethrowFailure();
    }

    /**
     * Stops the checking thread if reading ended early (a refused file) and waits for it, so that no row is handed on
     * after the caller has moved on to undo what was written.
     */
    @Override
    public void close() {
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    private void startWorker() {
        worker = new Thread(this::checkRows, Thread.currentThread().getName() + "-check");
        worker.setDaemon(true);
        worker.start();
    }

    private void checkRows() {
        try {
            while (true) {
                List<Row> rows = queue.take();
                if (rows == END) {
                    return;
                }
                for (Row row : rows) {
                    checker.row(row.number(), row.cells());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            queue.clear(); // unblock the reader; it sees the failure on its next row
        }
    }

    private void put(List<Row> rows) {
        try {
            while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading rows", e);
        }
    }

    private void rethrowFailure() {
        if (failure != null) {
            throw failure;
        }
    }
}
