package org.qiandai.targeting;

import java.util.EnumSet;
import java.util.Set;

/** What a victim profile may be built from. District, report date and case number are not features by default. */
public enum CaseFeature {
    AGE(true), GENDER(false), OCCUPATION(false), EDUCATION(false), FRAUD_TYPE(false), CONTACT_CHANNEL(false),
    VENUE(false), LOSS(true), DISTRICT(false);

    private final boolean numeric;

    CaseFeature(boolean numeric) {
        this.numeric = numeric;
    }

    public boolean numeric() {
        return numeric;
    }

    /** Age, gender, occupation, education, fraud type, contact channel, venue and loss. */
    public static Set<CaseFeature> defaults() {
        return EnumSet.of(AGE, GENDER, OCCUPATION, EDUCATION, FRAUD_TYPE, CONTACT_CHANNEL, VENUE, LOSS);
    }
}
