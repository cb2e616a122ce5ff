package org.qiandai.web.audit;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.qiandai.campaign.audit.AuditQuery;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads the audit API's and page's filters: {@code from}/{@code to} as bureau dates ({@code 2026-12-01}, both
 * inclusive), local times ({@code 2026-12-01T10:00}, in {@code qiandai.zone}) or instants with an offset
 * ({@code 2026-12-01T02:00:00Z}; {@code to} exclusive for times); {@code limit} from 1 to
 * {@code qiandai.audit.max-page-size} (500), {@code qiandai.audit.page-size} (50) when absent.
 */
@Component
class AuditSearch {

    private final ZoneId zone;
    private final int pageSize;
    private final int maxPageSize;
    private final int maxExportRows;

    AuditSearch(Clock clock, @Value("${qiandai.audit.page-size:50}") int pageSize, @Value("${qiandai.audit.max-page-size:500}") int maxPageSize,
                @Value("${qiandai.audit.export.max-rows:100000}") int maxExportRows) {
        if (pageSize < 1 || maxPageSize < pageSize || maxExportRows < 1) {
            throw new IllegalArgumentException("qiandai.audit.page-size must be at least 1 and at most qiandai.audit.max-page-size; "
                    + "qiandai.audit.export.max-rows at least 1");
        }
        this.zone = clock.getZone();
        this.pageSize = pageSize;
        this.maxPageSize = maxPageSize;
        this.maxExportRows = maxExportRows;
    }

    int maxExportRows() {
        return maxExportRows;
    }

    int maxPageSize() {
        return maxPageSize;
    }

    AuditQuery query(String user, String action, String from, String to, String before, Integer limit) {
        int size = limit == null ? pageSize : limit;
        if (size < 1 || size > maxPageSize) {
            throw new IllegalArgumentException("limit must be between 1 and " + maxPageSize + " (qiandai.audit.max-page-size), not " + size);
        }
        Instant start = time("from", from, false);
        Instant end = time("to", to, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (user != null && user.length() > 100 || action != null && action.length() > 100) {
            throw new IllegalArgumentException("user and action must be at most 100 characters");
        }
        return new AuditQuery(user, action, start, end, before, size);
    }

    private Instant time(String name, String text, boolean end) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(name + ": '" + t + "' is not a date (yyyy-MM-dd) or a time (yyyy-MM-ddTHH:mm, or with an offset)");
        }
    }
}
