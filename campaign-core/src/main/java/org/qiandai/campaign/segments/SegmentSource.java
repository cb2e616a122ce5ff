package org.qiandai.campaign.segments;

/** Where a segment came from: a profile ({@code profileIndex}, 0-based) of a profiling run, and its label then. */
public record SegmentSource(String runId, Integer profileIndex, String label) {
}
