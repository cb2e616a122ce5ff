package org.qiandai.campaign.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A case as stored: its record, the imports it came from (oldest first) and when it was created and last changed. */
public record StoredCase(
        String caseNo,
        LocalDate reportDate,
        String district,
        Integer victimAge,
        String gender,
        String occupation,
        String education,
        String fraudType,
        String contactChannel,
        String venue,
        BigDecimal loss,
        String note,
        List<String> importBatchIds,
        Instant createdAt,
        Instant updatedAt) {
}
