package org.qiandai.channels.settings;

import java.util.Map;

/**
 * What an administrator changes on one channel. {@code enabled} null leaves it; in {@code settings} a value replaces
 * the one in force (a value equal to the configuration's removes the stored one) and null removes the stored value
 * (the configuration's is in force again); in {@code secrets} a value is the new secret, an empty one keeps the current
 * secret, and null removes the stored secret. Settings left out do not change.
 */
public record ChannelSettingsChange(Boolean enabled, Map<String, String> settings, Map<String, String> secrets) {

    public ChannelSettingsChange {
        settings = settings == null ? Map.of() : settings;
        secrets = secrets == null ? Map.of() : secrets;
    }

    @Override
    public String toString() {
        return "ChannelSettingsChange[enabled=" + enabled + ", settings=" + settings + ", secrets=" + secrets.keySet() + "]"; // never a secret
    }
}
