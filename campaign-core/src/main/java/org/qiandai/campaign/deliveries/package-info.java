/**
 * The delivery outbox: one record per recipient of a push occurrence, with the forward-only status machine the
 * channels move on ({@link org.qiandai.campaign.deliveries.Deliveries}), the push's running counters and the per-person
 * send log that frequency caps count.
 */
@org.springframework.modulith.NamedInterface("deliveries")
package org.qiandai.campaign.deliveries;
