/**
 * Pushes: a campaign's sends (channel, warning, audience, schedule), audience resolution with exclusions, quiet hours,
 * frequency caps, and queuing each occurrence into the delivery outbox.
 */
@org.springframework.modulith.NamedInterface("pushes")
package org.qiandai.campaign.pushes;
