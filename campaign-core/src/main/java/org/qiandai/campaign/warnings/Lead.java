package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A lead after its checks, as kept: {@code key} is {@code sender:externalId} (what makes sending it again harmless);
 * numbers only encrypted, keyed-hashed and masked; {@code fraudType} canonical ({@link org.qiandai.campaign.templates.FraudSigns}).
 */
record Lead(String key, String externalId, String sender, LeadVia via, LeadSource source, String phoneHash, String encryptedPhone,
            String maskedPhone, boolean mobile, String encryptedRelative, String maskedRelative, String district, String fraudType,
            Instant detectedAt, Instant receivedAt, Integer age, String gender, String occupation, BigDecimal amountAtRisk,
            String language, String note) {
}
