package org.qiandai.campaign.pushes;

import java.time.LocalDate;

/**
 * When a push goes out: {@code at} an ISO-8601 date-time ({@code 2026-12-01T10:00:00+08:00}, or without offset in
 * {@code qiandai.zone}), null for now; {@code repeat} null for once, else one occurrence per period until the date
 * (inclusive, local).
 */
public record Schedule(String at, Repeat repeat) {

    public static Schedule now() {
        return new Schedule(null, null);
    }

    public enum Every { DAILY, WEEKLY, MONTHLY }

    public record Repeat(Every every, LocalDate until) {
    }
}
