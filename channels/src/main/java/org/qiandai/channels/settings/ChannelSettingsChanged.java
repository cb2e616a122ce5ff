package org.qiandai.channels.settings;

/**
 * A channel's stored settings changed (here, or on another instance sharing the store): whoever holds settings of
 * {@code channel} reads them again from {@link ChannelOverrides}. Published synchronously, after the new values are
 * in force in {@link ChannelOverrides#effective()}.
 */
public record ChannelSettingsChanged(String channel) {
}
