package org.qiandai.campaign.segments;

/** What an analyst saves (or changes) as a segment; also what a profile proposes before the analyst edits it. */
public record SegmentDraft(String name, String description, SegmentRule rule, SegmentSource source) {
}
