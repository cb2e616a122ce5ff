package org.qiandai.campaign.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.springframework.core.env.Environment;
import org.springframework.scheduling.support.CronExpression;

/**
 * {@code qiandai.retention.*}: {@code contacts} and {@code deliveries} are ages (ISO-8601 {@code P365D}, {@code 365d},
 * or a number of days; empty = kept for ever), {@code schedule} a cron expression in the bureau's zone
 * ({@code 0 30 3 * * *}: 03:30 every day; {@code -} turns the schedule off), {@code batch-size} records per bulk write,
 * {@code erase-on-opt-out} whether an SMS opt-out (STOP reply, Twilio 21610) also erases the person's contact.
 */
public record RetentionSettings(Duration contacts, Duration deliveries, CronExpression schedule, int batchSize, boolean eraseOnOptOut) {

    static final String DEFAULT_SCHEDULE = "0 30 3 * * *";

    public static RetentionSettings from(Environment env) {
        Duration contacts = age(env.getProperty("qiandai.retention.contacts", ""), "qiandai.retention.contacts");
        Duration deliveries = age(env.getProperty("qiandai.retention.deliveries", ""), "qiandai.retention.deliveries");
        String cron = env.getProperty("qiandai.retention.schedule", DEFAULT_SCHEDULE).strip();
        CronExpression schedule = null;
        if (!cron.equals("-") && !cron.isEmpty()) {
            try {
                schedule = CronExpression.parse(cron);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("qiandai.retention.schedule: '" + cron + "' is not a cron expression (second minute hour day month weekday, e.g. "
                        + DEFAULT_SCHEDULE + "; '-' for none): " + e.getMessage(), e);
            }
        }
        int batch = env.getProperty("qiandai.retention.batch-size", Integer.class, 1000);
        if (batch < 1 || batch > 10_000) {
            throw new IllegalStateException("qiandai.retention.batch-size: " + batch + " must be between 1 and 10000");
        }
        return new RetentionSettings(contacts, deliveries, schedule, batch, env.getProperty("qiandai.retention.erase-on-opt-out", Boolean.class, false));
    }

    /** {@code P365D}, {@code P1Y} is not accepted (a year has no fixed length), {@code 365d}, {@code 365}; empty: null. */
    static Duration age(String value, String option) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return null;
        }
        Duration age;
        try {
            if (v.matches("\\d+")) {
                age = Duration.ofDays(Long.parseLong(v));
            } else if (v.matches("\\d+d")) {
                age = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                age = Duration.parse(v.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalStateException(option + ": '" + value + "' is not an age (write P365D, 365d or 365 for days)");
        }
        if (age.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalStateException(option + ": '" + value + "' is shorter than a day; the shortest age is 1 day (P1D)");
        }
        return age;
    }
}
