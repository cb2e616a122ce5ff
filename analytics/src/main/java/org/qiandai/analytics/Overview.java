package org.qiandai.analytics;

import java.time.LocalDate;

import org.qiandai.analytics.reach.CounterState;

/**
 * The dashboard's headline figures for a period beside the same figures for the period of the same length just before
 * it. Every figure says what {@code kind} it is: {@code measured} (from delivery records: distinct people reached,
 * warnings delivered, sent, failed), {@code reported} (by partners), {@code estimated} (offline activities'
 * audiences) or {@code recorded} (actions held, cases and losses from case records).
 */
public record Overview(LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo, String campaignId, String district,
                       Count measuredReach, Count delivered, Count sent, Count failed, Count impressions, Count reportedUniqueUsers,
                       Count estimated, Count actions, Count activities, Count pushOccurrences, Count cases, Amount losses,
                       CounterState counters) {

    public record Count(long value, long previous, String kind) {
    }

    /** Yuan. */
    public record Amount(double value, double previous, String kind) {
    }
}
