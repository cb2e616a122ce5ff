package org.qiandai.campaign.cases;

import java.time.Instant;
import java.util.List;

/**
 * What one import did. {@code imported + updated + unchanged + rejected = rows} once it is {@link ImportStatus#DONE};
 * {@code rows} counts non-empty data rows. {@code errors} holds at most {@code qiandai.import.max-errors} entries
 * ({@code errorsTruncated} says when more rows were refused than listed).
 */
public record ImportSummary(
        String batchId,
        String fileName,
        String format,
        ImportStatus status,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        long rows,
        long imported,
        long updated,
        long unchanged,
        long rejected,
        List<String> ignoredColumns,
        List<ImportError> errors,
        boolean errorsTruncated,
        ImportProgress progress,
        String failure) {
}
