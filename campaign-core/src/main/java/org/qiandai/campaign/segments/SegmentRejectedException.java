package org.qiandai.campaign.segments;

/** A segment that cannot be saved as given; the message says which field and why. */
public class SegmentRejectedException extends IllegalArgumentException {

    public SegmentRejectedException(String message) {
        super(message);
    }
}
