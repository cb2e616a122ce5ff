/**
 * Segments: target audiences saved by analysts (usually from a victim profile) as readable rules over person attributes.
 */
@org.springframework.modulith.NamedInterface("segments")
package org.qiandai.campaign.segments;
