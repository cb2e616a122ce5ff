/**
 * The dispatcher: claims queued deliveries in leased batches, sends them through each channel's sender at its rate,
 * retries, and records every outcome so that a crash sends nothing twice.
 */
@org.springframework.modulith.NamedInterface("dispatch")
package org.qiandai.channels.dispatch;
