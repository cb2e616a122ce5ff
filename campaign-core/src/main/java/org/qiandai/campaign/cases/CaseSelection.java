package org.qiandai.campaign.cases;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The cases a profiling run (or any analysis) works on: one import batch, an inclusive report-date range, and any of
 * several districts and fraud types. {@code null} and empty lists do not filter; blank values are dropped.
 */
public record CaseSelection(String importBatchId, LocalDate from, LocalDate to, List<String> districts, List<String> fraudTypes) {

    public CaseSelection {
        importBatchId = importBatchId == null || importBatchId.isBlank() ? null : importBatchId.strip();
        districts = clean(districts);
        fraudTypes = clean(fraudTypes);
    }

    /** Every stored case. */
    public static CaseSelection all() {
        return new CaseSelection(null, null, null, List.of(), List.of());
    }

    public boolean isAll() {
        return importBatchId == null && from == null && to == null && districts.isEmpty() && fraudTypes.isEmpty();
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }
}
