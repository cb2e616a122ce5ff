package org.qiandai.analytics.reach;

/**
 * A running figure kept per scope, breakdown, group and day, with its field name. Measured figures come from delivery
 * records; reported ones from partners; estimated ones from offline activities' organisers.
 */
enum Figure {
    /** Warnings confirmed delivered to a person (measured). */
    DELIVERED("D"),
    /** Warnings that left us for a person: SENT, or DELIVERED/UNDELIVERED with no SENT before (measured). */
    SENT("S"),
    /** Warnings that failed, were undelivered or expired (measured). */
    FAILED("F"),
    /** Partner-reported impressions (reported). */
    IMPRESSIONS("I"),
    /** Partner-reported unique users, per partner, district and day: not deduplicated across days (reported). */
    REPORTED_USERS("U"),
    /** Offline activities' estimated audiences (estimated). */
    ESTIMATED("E"),
    /** Offline activities held (recorded). */
    ACTIVITIES("A"),
    /** Push occurrences queued (recorded). */
    OCCURRENCES("O");

    final String field;

    Figure(String field) {
        this.field = field;
    }
}
