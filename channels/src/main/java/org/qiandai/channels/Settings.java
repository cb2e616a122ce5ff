package org.qiandai.channels;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * Reading channel settings: durations written {@code 30s}, {@code 5m}, {@code 100ms}, rates written {@code 2},
 * {@code 2/s}, {@code 30/m}, {@code 100/h}, each refused with the option's name ({@link Invalid}).
 */
public final class Settings {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|m|h))?\\s*");

    private Settings() {
    }

    /**
     * A setting refused: which option ({@code qiandai.channels.twilio.window}) and what is wrong with it
     * ({@code must be 1–100, not 0}), never the value of a secret. The message is {@code option: problem}.
     */
    public static final class Invalid extends IllegalStateException {

        private final String option;
        private final String problem;

        public Invalid(String option, String problem) {
            super(option + ": " + problem);
            this.option = option;
            this.problem = problem;
        }

        /** The option's full name, e.g. {@code qiandai.channels.smpp.port}. */
        public String option() {
            return option;
        }

        /** What is wrong, without the option's name. */
        public String problem() {
            return problem;
        }
    }

    /** {@code name}'s value as a duration, {@code fallback} when unset. */
    public static Duration duration(Environment env, String name, String fallback) {
        String value = env.getProperty(name, fallback);
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new Invalid(name, "'" + value + "' is not a duration such as 30s or 5m");
        }
    }

    /** {@code name}'s value stripped, null when unset or blank. */
    public static String text(Environment env, String name) {
        String v = env.getProperty(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** A rate per second: {@code 5} or {@code 5/s}, {@code 30/m} per minute, {@code 100/h} per hour; 0 for no limit. */
    public static double rate(String option, String value) {
        Matcher m = RATE.matcher(value == null ? "" : value);
        if (!m.matches()) {
            throw new Invalid(option, "'" + value + "' is not a rate per second (e.g. 2, 2/s, 30/m or 100/h; 0 for no limit)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> n / 60;
            case "h" -> n / 3600;
            default -> n;
        };
    }
}
