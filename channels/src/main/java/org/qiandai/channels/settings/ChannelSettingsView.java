package org.qiandai.channels.settings;

import java.time.Instant;
import java.util.Map;

/**
 * One channel's settings as an administrator sees them: the prefix of its options ({@code qiandai.channels.twilio.}), the values in force ({@code settings}, by option name, and
 * {@code enabled}), each secret only as {@code set} or {@code not set}, where each value comes from ({@code sources}:
 * {@code stored}, {@code configuration} or {@code default}), and who changed the stored values last and when (null
 * when nothing was ever stored).
 */
public record ChannelSettingsView(String channel, String kind, String prefix, boolean enabled, Map<String, Object> settings, Map<String, String> secrets,
                                  Map<String, String> sources, String updatedBy, Instant updatedAt) {

    public static final String SET = "set";
    public static final String NOT_SET = "not set";
}
