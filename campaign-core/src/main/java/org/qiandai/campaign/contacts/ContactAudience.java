package org.qiandai.campaign.contacts;

import java.util.stream.Stream;

/**
 * The members of a saved segment, streamed in batches so that an audience of a million never sits in memory.
 * STUB: the contacts/segments work implements it without changing this signature.
 */
public interface ContactAudience {

    /** Every contact matching the segment's rule, in a stable order; close the stream when done. */
    Stream<Recipient> members(String segmentId);

    /** How many contacts match the segment's rule now. */
    long count(String segmentId);
}
