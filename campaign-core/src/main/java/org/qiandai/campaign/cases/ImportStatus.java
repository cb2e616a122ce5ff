package org.qiandai.campaign.cases;

/** Where an import stands. */
public enum ImportStatus {
    /** Reading or storing. */
    RUNNING,
    /** Every row was imported, updated, unchanged or rejected. */
    DONE,
    /** The file as a whole was refused (or the store failed); see {@link ImportSummary#failure()}. */
    FAILED
}
