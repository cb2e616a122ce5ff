package org.qiandai.channels;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/** Reading channel settings: durations written {@code 30s}, {@code 5m}, {@code 100ms}, refused with the option's name. */
public final class Settings {

    private Settings() {
    }

    /** {@code name}'s value as a duration, {@code fallback} when unset. */
    public static Duration duration(Environment env, String name, String fallback) {
        String value = env.getProperty(name, fallback);
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " '" + value + "' is not a duration such as 30s or 5m", e);
        }
    }

    /** {@code name}'s value stripped, null when unset or blank. */
    public static String text(Environment env, String name) {
        String v = env.getProperty(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
