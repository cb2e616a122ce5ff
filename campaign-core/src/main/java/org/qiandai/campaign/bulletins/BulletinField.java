package org.qiandai.campaign.bulletins;

import java.util.Optional;

/** The fields read from a case narrative, in the order drafts list them; {@link #key()} is the JSON name. */
public enum BulletinField {
    REPORT_DATE("reportDate"),
    DISTRICT("district"),
    AGE("age"),
    GENDER("gender"),
    OCCUPATION("occupation"),
    VENUE("venue"),
    FRAUD_TYPE("fraudType"),
    CONTACT_CHANNEL("contactChannel"),
    LOSS("loss");

    private final String key;

    BulletinField(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<BulletinField> byKey(String key) {
        for (BulletinField field : values()) {
            if (field.key.equals(key)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
