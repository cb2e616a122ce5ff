package org.qiandai.campaign.segments;

import java.time.Instant;

/** A saved segment as readers see it; {@code ruleText} is the rule in Chinese words. */
public record SegmentView(String id, String name, String description, SegmentRule rule, String ruleText, SegmentInterest interest,
                          SegmentSource source, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {
}
