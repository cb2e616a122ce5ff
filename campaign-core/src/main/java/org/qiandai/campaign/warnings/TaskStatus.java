package org.qiandai.campaign.warnings;

/**
 * A step's task: OPEN (waiting for its outcome), DONE (outcome recorded, or the SMS left), ESCALATED (its deadline
 * passed, or its SMS failed, and the next step took over; an outcome may still be recorded late), SKIPPED (not
 * possible: no SMS to a number on the do-not-contact list, no relative registered), CANCELLED (the case closed first).
 */
public enum TaskStatus {
    OPEN, DONE, ESCALATED, SKIPPED, CANCELLED
}
