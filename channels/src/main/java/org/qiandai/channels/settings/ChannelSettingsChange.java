package org.qiandai.channels.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an administrator changes on one channel, by option name under the channel's prefix ({@code enabled},
 * {@code rate}, {@code auth-token} …). A value replaces the one in force (one equal to the configuration's removes the
 * stored value); null removes the stored value, so that the configuration's is in force again. For a secret, an empty
 * value keeps the current secret. Settings left out do not change.
 */
public record ChannelSettingsChange(Map<String, String> values) {

    public ChannelSettingsChange {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A change of one setting. */
    public static ChannelSettingsChange of(String name, String value) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(name, value);
        return new ChannelSettingsChange(values);
    }

    @Override
    public String toString() {
        return "ChannelSettingsChange" + values.keySet(); // never a secret
    }
}
