package org.qiandai.channels.settings;

import java.util.regex.Pattern;

/**
 * One setting of a channel that an administrator may change, by its option name under the channel's prefix
 * ({@code from} for {@code qiandai.channels.twilio.from}). {@code min} and {@code max} bound numbers; {@code pattern}
 * (with {@code expected}, what it asks for in words) checks text. A {@link Type#SECRET} is write-only.
 */
public record ChannelSetting(String name, Type type, double min, double max, Pattern pattern, String expected) {

    /** The highest rate an administrator may set, per second. */
    public static final double MAX_RATE = 10_000;

    /** How a value is written and read. */
    public enum Type {
        /** {@code true} or {@code false}. */
        FLAG,
        /** A line of text. */
        TEXT,
        /** An absolute http(s) URL with a host. */
        URL,
        /** A whole number. */
        INTEGER,
        /** A number. */
        NUMBER,
        /** Per second, more than 0: {@code 2}, {@code 2/s}, {@code 30/m}, {@code 100/h} (stored per second). */
        RATE,
        /** Write-only: shown as set or not set, never echoed. */
        SECRET
    }

    public static ChannelSetting flag(String name) {
        return new ChannelSetting(name, Type.FLAG, 0, 0, null, null);
    }

    public static ChannelSetting text(String name) {
        return new ChannelSetting(name, Type.TEXT, 0, 0, null, null);
    }

    /** Text matching {@code regex} whole (empty is always allowed: no value). */
    public static ChannelSetting text(String name, String regex, String expected) {
        return new ChannelSetting(name, Type.TEXT, 0, 0, Pattern.compile(regex), expected);
    }

    public static ChannelSetting url(String name) {
        return new ChannelSetting(name, Type.URL, 0, 0, null, null);
    }

    public static ChannelSetting integer(String name, int min, int max) {
        return new ChannelSetting(name, Type.INTEGER, min, max, null, null);
    }

    public static ChannelSetting number(String name, double min, double max) {
        return new ChannelSetting(name, Type.NUMBER, min, max, null, null);
    }

    /** A rate limit, more than 0 and at most {@code max} per second, written {@code 2}, {@code 2/s}, {@code 30/m} or {@code 100/h}. */
    public static ChannelSetting rate(String name, double max) {
        return new ChannelSetting(name, Type.RATE, 0, max, null, null);
    }

    public static ChannelSetting secret(String name) {
        return new ChannelSetting(name, Type.SECRET, 0, 0, null, null);
    }

    public boolean secret() {
        return type == Type.SECRET;
    }
}
