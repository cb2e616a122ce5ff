package org.qiandai.campaign.cases;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One victim of one fraud, as the case system exported it. Holds no name, ID number or phone number by design.
 * Every field but {@code caseNo} may be {@code null} when the export left it empty.
 *
 * @param caseNo         the case system's case number, the record's identity
 * @param reportDate     the day the case was reported or filed
 * @param district       the police district the case belongs to
 * @param victimAge      age in whole years, 0–120
 * @param gender         {@code 男} or {@code 女}
 * @param contactChannel how the fraudster reached the victim (phone, QQ, WeChat, SMS …)
 * @param venue          where the victim was, or the activity place
 * @param loss           money lost, in yuan
 */
public record CaseRecord(
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
        String note) {
}
