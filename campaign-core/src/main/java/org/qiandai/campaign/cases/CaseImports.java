package org.qiandai.campaign.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.RecordIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Imports case files and keeps the record of every import (its batch).
 * <p>
 * An import streams the file, finds the header and checks every row on one thread while the good rows are written in
 * bulk on others, keyed by case number, so that importing the same file twice changes nothing and an interrupted
 * import can simply be repeated. Size, type and encryption are checked before anything is read; a file refused
 * part-way (a zip bomb, too many rows, no header) has what it wrote undone ({@link CaseStore#undo}: created cases
 * deleted, changed cases put back as they were), so the store is left as it was.
 */
@Service
@EnableConfigurationProperties(ImportLimits.class)
public class CaseImports implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CaseImports.class);
    private static final long PROGRESS_INTERVAL_MILLIS = 500;
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final CaseStore store;
    private final ImportBatches batches;
    private final ImportLimits limits;
    private final StoreDurability durability;
    private final Clock clock;
    private final ExecutorService background;
    private final CaseBatchWriter writer;

    CaseImports(CaseStore store, ImportBatches batches, ImportLimits limits, StoreDurability durability, Clock clock) {
        this.store = store;
        this.batches = batches;
        this.limits = limits;
        this.durability = durability;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.background = Executors.newSingleThreadExecutor(daemon("case-import-", threads));
        AtomicInteger writerThreads = new AtomicInteger();
        this.writer = new CaseBatchWriter(store, Executors.newFixedThreadPool(limits.writeConcurrency(), daemon("case-writer-", writerThreads)),
                limits.batchSize(), limits.writeConcurrency(), clock);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix, AtomicInteger counter) {
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Imports one file and answers when done. Throws {@link ImportRefusedException} when the file as a whole is refused. */
    public ImportSummary importFile(Path file, String fileName, String user) {
        String batchId = newBatchId();
        batches.start(batchId, fileName, formatLabel(fileName), user, clock.instant());
        CaseFileFormat format = precheck(batchId, file, fileName);
        return run(batchId, format, file, fileName);
    }

    /**
     * Checks size and type at once, then imports in the background and answers with the running batch; poll
     * {@link #find} for progress. The import deletes {@code file} when done.
     */
    public ImportSummary startImport(Path file, String fileName, String user) {
        String batchId = newBatchId();
        batches.start(batchId, fileName, formatLabel(fileName), user, clock.instant());
        CaseFileFormat format;
        try {
            format = precheck(batchId, file, fileName);
        } catch (ImportRefusedException e) {
            deleteQuietly(file);
            throw e;
        }
        // Read before handing over: a small file may be done before a read after it, and the caller is promised RUNNING.
        ImportSummary running = batches.find(batchId).orElseThrow();
        background.execute(() -> {
            try {
                run(batchId, format, file, fileName);
            } catch (RuntimeException e) {
                log.info("Import {} of '{}' ended without success: {}", batchId, fileName, e.getMessage());
            } finally {
                deleteQuietly(file);
            }
        });
        return running;
    }

    /** Imports records that did not come from a file (the demo generator), as one batch of format {@code generated}. */
    public ImportSummary importRecords(String sourceName, Iterator<CaseRecord> records, String user) {
        String batchId = newBatchId();
        Instant started = clock.instant();
        batches.start(batchId, sourceName, "generated", user, started);
        Progress progress = new Progress(batchId);
        progress.phase = "storing";
        CaseStore.Applied applied = writer.writeAll(records, batchId, progress::stored);
        long rows = applied.total();
        batches.finish(batchId, "generated", rows, applied, 0, List.of(), List.of(), false, clock.instant());
        durability.commit();
        return batches.find(batchId).orElseThrow();
    }

    /**
     * Checks one case as an import checks a row, and answers it as it would be stored (text trimmed, gender as 男/女,
     * identifiers in the note masked). Throws {@link CaseRejectedException} naming the field that is wrong.
     */
    public CaseRecord checkCase(CaseRecord record) {
        LocalDate today = LocalDate.now(clock);
        return new CaseRecord(
                checked("caseNo", () -> CaseValues.caseNo(record.caseNo())),
                checked("reportDate", () -> record.reportDate() == null ? null : CaseValues.date(record.reportDate().toString(), false, today)),
                checked("district", () -> CaseValues.category(record.district())),
                checked("victimAge", () -> record.victimAge() == null ? null : CaseValues.age(record.victimAge().toString())),
                checked("gender", () -> CaseValues.gender(record.gender())),
                checked("occupation", () -> CaseValues.category(record.occupation())),
                checked("education", () -> CaseValues.category(record.education())),
                checked("fraudType", () -> CaseValues.category(record.fraudType())),
                checked("contactChannel", () -> CaseValues.category(record.contactChannel())),
                checked("venue", () -> CaseValues.category(record.venue())),
                checked("loss", () -> record.loss() == null ? null : CaseValues.loss(record.loss().toPlainString())),
                checked("note", () -> CaseValues.note(record.note())));
    }

    private interface Check<T> {
        T get() throws CaseValues.Invalid;
    }

    private static <T> T checked(String field, Check<T> check) {
        try {
            return check.get();
        } catch (CaseValues.Invalid e) {
            throw new CaseRejectedException(field, field + ": " + e.getMessage(), false);
        }
    }

    /**
     * Adds one new case from another source than a file (a confirmed bulletin draft): checked as by {@link #checkCase},
     * never replacing a case (a number already taken is refused, {@link CaseRejectedException#exists()}), recorded under
     * the source's batch (created on its first case, counting the cases added), and committed before it answers.
     */
    public StoredCase addCase(CaseRecord record, CaseSource source, String user) {
        CaseRecord checked = checkCase(record);
        Instant now = clock.instant();
        if (!store.insertNew(checked, source.batchId(), now)) {
            throw new CaseRejectedException("caseNo", "case " + checked.caseNo() + " exists already: give the draft another case number", true);
        }
        batches.recordAdded(source.batchId(), source.name(), source.format(), user, now);
        durability.commit();
        return CaseStore.toStoredCase(store.collection().find(com.mongodb.client.model.Filters.eq("_id", checked.caseNo())).first());
    }

    public Optional<ImportSummary> find(String batchId) {
        return batches.find(batchId);
    }

    /** Past and running imports, newest first (the latest 200), without their error lists (ask {@link #find} for those). */
    public List<ImportSummary> list() {
        return batches.list(200);
    }

    @EventListener(ApplicationReadyEvent.class)
    void failAbandonedImports() {
        long failed = batches.failAbandoned(clock.instant(), ABANDONED_AFTER);
        if (failed > 0) {
            log.warn("{} import(s) were interrupted by an earlier stop and are marked failed", failed);
        }
    }

    @Override
    public void destroy() {
        background.shutdownNow();
        writer.shutdown();
    }

    private CaseFileFormat precheck(String batchId, Path file, String fileName) {
        try {
            long size = Files.size(file);
            if (size > limits.maxFileSize().toBytes()) {
                throw new CaseFileReader.ImportRefusal(ImportRefusedException.Reason.TOO_LARGE, "'" + fileName + "' is "
                        + megabytes(size) + ", over the limit of " + megabytes(limits.maxFileSize().toBytes())
                        + " (qiandai.import.max-file-size)", null);
            }
            if (size == 0) {
                throw new CaseFileReader.ImportRefusal(ImportRefusedException.Reason.UNREADABLE, "'" + fileName + "' is empty", null);
            }
            CaseFileFormat format = CaseFileFormat.byName(fileName);
            format.checkContent(file, fileName);
            return format;
        } catch (CaseFileReader.ImportRefusal refusal) {
            throw refuse(batchId, refusal);
        } catch (IOException e) {
            throw refuse(batchId, new CaseFileReader.ImportRefusal(ImportRefusedException.Reason.UNREADABLE,
                    "'" + fileName + "' cannot be read: " + e.getMessage(), e));
        }
    }

    private ImportSummary run(String batchId, CaseFileFormat format, Path file, String fileName) {
        Progress progress = new Progress(batchId);
        long started = System.nanoTime();
        CaseFileCheck check;
        CaseStore.Applied applied;
        try (CaseBatchWriter.Session writes = writer.open(batchId, written -> progress.stored(written))) {
            check = new CaseFileCheck(limits, LocalDate.now(clock), writes::add, progress::read);
            try (PipelinedRowSink sink = new PipelinedRowSink(check)) {
                format.reader().read(file, sink);
                sink.finish();
                check.requireHeader();
                progress.phase = "storing";
                applied = writes.finish();
            } catch (CaseFileCheck.FileRefused refused) {
                throw undoAndRefuse(batchId, writes, refused.refusal);
            } catch (CaseFileReader.ImportRefusal refusal) {
                throw undoAndRefuse(batchId, writes, refusal);
            }
        } catch (ImportRefusedException refused) {
            throw refused;
        } catch (IOException e) {
            throw failed(batchId, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw failed(batchId, e);
        }
        store.forgetUndo(batchId);
        batches.finish(batchId, format.label(), check.rows(), applied, check.rejected(), check.ignoredColumns(),
                check.errors(), check.errorsTruncated(), clock.instant());
        durability.commit();
        ImportSummary summary = batches.find(batchId).orElseThrow();
        log.info("Import {} of '{}': {} rows, {} imported, {} updated, {} unchanged, {} rejected in {} ms",
                batchId, fileName, summary.rows(), summary.imported(), summary.updated(), summary.unchanged(), summary.rejected(),
                (System.nanoTime() - started) / 1_000_000);
        return summary;
    }

    /** A file refused part-way: waits for the writes in flight, undoes what the import wrote, then records the refusal. */
    private ImportRefusedException undoAndRefuse(String batchId, CaseBatchWriter.Session writes, CaseFileReader.ImportRefusal refusal) {
        writes.close();
        store.undo(batchId);
        durability.commit();
        return refuse(batchId, refusal);
    }

    /** The store failed mid-way: some rows may be written; repeating the import completes it. */
    private RuntimeException failed(String batchId, RuntimeException e) {
        batches.fail(batchId, "the import stopped: " + e.getMessage() + "; import the file again (it is safe to repeat)", clock.instant());
        return e;
    }

    private ImportRefusedException refuse(String batchId, CaseFileReader.ImportRefusal refusal) {
        batches.fail(batchId, refusal.getMessage(), clock.instant());
        return new ImportRefusedException(refusal.reason(), refusal.getMessage(), batches.find(batchId).orElse(null));
    }

    private String newBatchId() {
        return RecordIds.next("imp", clock.instant());
    }

    private static String formatLabel(String fileName) {
        try {
            return CaseFileFormat.byName(fileName).label();
        } catch (CaseFileReader.ImportRefusal e) {
            return null;
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the uploaded file {}: {}", file, e.getMessage());
        }
    }

    /** Writes progress to the batch at most twice a second, so that pollers see it move without slowing the import. */
    private final class Progress {
        private final String batchId;
        private volatile String phase = "reading";
        private volatile double readFraction;
        private volatile long written;
        private long lastWrite;

        Progress(String batchId) {
            this.batchId = batchId;
        }

        /** From the reader: the share of the file read. */
        void read(double fraction) {
            readFraction = fraction;
            write();
        }

        /** From the writers: the rows written so far. */
        void stored(long rows) {
            written = rows;
            write();
        }

        private synchronized void write() {
            long now = System.currentTimeMillis();
            if (now - lastWrite >= PROGRESS_INTERVAL_MILLIS) {
                lastWrite = now;
                batches.progress(batchId, new ImportProgress(phase, Math.min(99, (int) (readFraction * 100)), written), clock.instant());
            }
        }
    }
}
