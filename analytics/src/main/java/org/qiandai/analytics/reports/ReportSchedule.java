package org.qiandai.analytics.reports;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;

/** A weekly report schedule, with when it runs next and what its last run made (or why it failed). */
public record ReportSchedule(String id, String name, DayOfWeek dayOfWeek, LocalTime time, ReportFormat format, String language,
                             String campaignId, String district, String createdBy, Instant createdAt, Instant nextRunAt,
                             Instant lastRunAt, String lastReportId, String lastError) {
}
