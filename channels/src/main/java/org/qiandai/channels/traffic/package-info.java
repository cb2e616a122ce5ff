/**
 * A channel's recent traffic: deliveries changing status, per minute, from the outbox's events.
 */
@org.springframework.modulith.NamedInterface("traffic")
package org.qiandai.channels.traffic;
