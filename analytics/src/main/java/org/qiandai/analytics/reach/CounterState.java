package org.qiandai.analytics.reach;

import java.time.Instant;

/**
 * How current the reach counters are: their generation, the last rebuild (when, how long), and live counting's queue
 * ({@code queued} waiting, {@code dropped} because the queue was full, {@code failedBatches}: both 0 when nothing was
 * missed since the last rebuild).
 */
public record CounterState(long generation, Instant rebuiltAt, Double rebuildSeconds, int queued, long dropped, long failedBatches) {
}
