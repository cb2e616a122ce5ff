package org.qiandai.campaign.cases;

import java.time.LocalDate;

/** Which cases to list; {@code null} fields do not filter. {@code from} and {@code to} are inclusive report dates. */
public record CaseFilter(String district, String fraudType, String occupation, LocalDate from, LocalDate to,
                         String importBatchId) {

    public static CaseFilter none() {
        return new CaseFilter(null, null, null, null, null, null);
    }
}
