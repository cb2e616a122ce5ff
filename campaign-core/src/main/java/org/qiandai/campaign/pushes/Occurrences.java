package org.qiandai.campaign.pushes;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The occurrences of a schedule: occurrence {@code k} is due at {@code base + k} periods (months added to the base, so
 * the 31st stays the last day of shorter months), local to the zone, while its date is not after {@code until}.
 */
record Occurrences(Instant base, Schedule.Repeat repeat, ZoneId zone) {

    /** The nominal time of occurrence {@code k}, or null if the schedule has no such occurrence. */
    ZonedDateTime nominal(int k) {
        ZonedDateTime start = base.atZone(zone);
        if (repeat == null) {
            return k == 0 ? start : null;
        }
        ZonedDateTime t = switch (repeat.every()) {
            case DAILY -> start.plusDays(k);
            case WEEKLY -> start.plusWeeks(k);
            case MONTHLY -> start.plusMonths(k);
        };
        return t.toLocalDate().isAfter(repeat.until()) ? null : t;
    }

    /** The first occurrence after {@code k} that is not yet past at {@code now} (missed ones collapse), or -1. */
    int nextAfter(int k, Instant now) {
        for (int i = k + 1; ; i++) {
            ZonedDateTime t = nominal(i);
            if (t == null) {
                return -1;
            }
            if (!t.toInstant().isBefore(now)) {
                return i;
            }
        }
    }
}
