/**
 * Small pieces campaign-core's features share, and the other modules too: compact in-memory indexes for streamed
 * data, named daemon threads for background loops.
 */
@org.springframework.modulith.NamedInterface("support")
package org.qiandai.campaign.support;
