/**
 * Channels: adapters, dispatcher, rate limits, retries and receipts for every way a warning goes out. The API is
 * {@link org.qiandai.channels.ChannelSender} (the SPI the dispatcher drives) and the views and services other modules use.
 */
@org.springframework.modulith.ApplicationModule(displayName = "channels", allowedDependencies = "campaign :: *")
package org.qiandai.channels;
