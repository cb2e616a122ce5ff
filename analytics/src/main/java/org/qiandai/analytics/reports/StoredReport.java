package org.qiandai.analytics.reports;

import java.time.Instant;
import java.time.LocalDate;

/** A report made by a schedule (or on request) and kept for download. */
public record StoredReport(String id, String scheduleId, String name, String fileName, ReportFormat format, LocalDate from, LocalDate to,
                           Instant generatedAt, long size, String createdBy) {
}
