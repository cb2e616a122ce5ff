/**
 * Channels: adapters, dispatcher, rate limits, retries and receipts for every way a warning goes out.
 */
@org.springframework.modulith.ApplicationModule(displayName = "channels", allowedDependencies = "campaign :: *")
package org.qiandai.channels;
