package org.qiandai.campaign.warnings;

/** How urgently a case needs a human, highest first ({@link Triage} says how it is scored). */
public enum Priority {
    CRITICAL, HIGH, MEDIUM, LOW
}
