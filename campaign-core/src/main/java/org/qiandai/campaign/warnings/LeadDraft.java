package org.qiandai.campaign.warnings;

import java.math.BigDecimal;

/**
 * A lead as sent, before its checks: one person at risk. {@code externalId} is the sender's own id for the lead
 * (sending it again changes nothing); {@code detectedAt} ISO-8601, with an offset or in the bureau's zone;
 * {@code amountAtRisk} in yuan; {@code relativePhone} the registered relative the ladder may call; {@code note} free
 * text. Every field but {@code phone} and {@code district} may be null.
 */
public record LeadDraft(String externalId, String phone, String district, String source, String fraudType, String detectedAt,
                        Integer age, String gender, String occupation, BigDecimal amountAtRisk, String relativePhone,
                        String language, String note) {
}
