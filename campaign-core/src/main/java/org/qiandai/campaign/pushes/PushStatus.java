package org.qiandai.campaign.pushes;

/**
 * SCHEDULED (no occurrence queued yet) → RUNNING (occurrences being queued and sent) → COMPLETED (the last occurrence
 * queued and nothing left to send); PAUSED from either (resumes where it was); CANCELLED from any but COMPLETED.
 * Channels claim deliveries of RUNNING pushes only.
 */
public enum PushStatus {
    SCHEDULED, RUNNING, PAUSED, COMPLETED, CANCELLED;

    boolean isOpen() {
        return this == SCHEDULED || this == RUNNING || this == PAUSED;
    }
}
