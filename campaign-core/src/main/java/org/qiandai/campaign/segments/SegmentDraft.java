package org.qiandai.campaign.segments;

/**
 * What a user saves (or changes) as a segment; also what a profile proposes before the analyst edits it.
 * {@code interest} and {@code source} are set by profiles and optional.
 */
public record SegmentDraft(String name, String description, SegmentRule rule, SegmentInterest interest, SegmentSource source) {
}
