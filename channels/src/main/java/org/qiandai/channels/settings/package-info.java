/**
 * Channel settings an administrator changes while the application runs: stored overrides (collection
 * {@code channel_settings}, secrets sealed) over the configuration's values, read by every channel as one environment,
 * and the change announced so that senders and partner threads take it up at once.
 */
@org.springframework.modulith.NamedInterface("settings")
package org.qiandai.channels.settings;
