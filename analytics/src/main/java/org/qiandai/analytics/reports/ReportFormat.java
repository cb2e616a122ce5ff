package org.qiandai.analytics.reports;

import java.util.Locale;
import java.util.Optional;

/** How a report is written. */
public enum ReportFormat {
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    CSV("csv", "text/csv; charset=UTF-8");

    public final String extension;
    public final String contentType;

    ReportFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public static Optional<ReportFormat> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "xlsx" -> Optional.of(XLSX);
            case "csv" -> Optional.of(CSV);
            default -> Optional.empty();
        };
    }
}
