package org.qiandai.campaign.deliveries;

/** What one batch written to the outbox did: new records, and records that were already there (same id). */
public record QueueResult(int inserted, int alreadyQueued) {
}
