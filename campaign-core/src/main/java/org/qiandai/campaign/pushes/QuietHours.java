package org.qiandai.campaign.pushes;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Hours in which a channel sends nothing, local time, from {@code start} (inclusive) to {@code end} (exclusive);
 * {@code start > end} spans midnight (21:00–08:00). {@link #OFF} has none.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public static final QuietHours OFF = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    /** {@code "21:00-08:00"}; blank means off. */
    public static QuietHours parse(String text) {
        if (text == null || text.isBlank()) {
            return OFF;
        }
        String[] parts = text.trim().split("\\s*-\\s*");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("expected HH:mm-HH:mm", text, 0);
            }
            return new QuietHours(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("quiet hours '" + text + "' are not HH:mm-HH:mm (e.g. 21:00-08:00)", e);
        }
    }

    public boolean isOff() {
        return start.equals(end);
    }

    public boolean contains(LocalTime time) {
        if (isOff()) {
            return false;
        }
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /** {@code due} itself when it lies outside quiet hours, else the moment they end (the next morning if need be). */
    public ZonedDateTime nextAllowed(ZonedDateTime due) {
        if (!contains(due.toLocalTime())) {
            return due;
        }
        ZonedDateTime sameDay = due.with(end).withSecond(0).withNano(0);
        return sameDay.isAfter(due) ? sameDay : sameDay.plusDays(1).with(end);
    }

    @Override
    public String toString() {
        return isOff() ? "" : start + "-" + end;
    }
}
