package org.qiandai.campaign.contacts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import org.bson.conversions.Bson;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A saved segment's members: its rule as a store filter ({@link ContactRules}), streamed in {@code _id} order in
 * batches of {@code qiandai.audience.batch-size} (default 1000), slice by slice of about {@code qiandai.audience.slice-size} (default 250,000) contacts
 * ({@link ContactStore#matching}), so that the audience never sits in memory whole.
 */
@Service
public class SegmentAudience implements ContactAudience {

    private final Segments segments;
    private final ContactStore store;
    private final Clock clock;
    private final int batchSize;
    private final int sliceSize;

    SegmentAudience(Segments segments, ContactStore store, Clock clock, @Value("${qiandai.audience.batch-size:1000}") int batchSize,
                    @Value("${qiandai.audience.slice-size:250000}") int sliceSize) {
        this.segments = segments;
        this.store = store;
        this.clock = clock;
        this.batchSize = batchSize;
        this.sliceSize = sliceSize;
    }

    /** @throws NoSuchElementException when there is no such segment */
    @Override
    public Stream<Recipient> members(String segmentId) {
        return store.matching(filter(segmentId), sliceSize, batchSize)
                .map(d -> new Recipient(d.getString("_id"), d.getString("_id"), d.getString("phone"), d.getString("district"),
                        d.getString("language"), Boolean.TRUE.equals(d.getBoolean("mobile"))));
    }

    /** @throws NoSuchElementException when there is no such segment */
    @Override
    public long count(String segmentId) {
        return store.count(filter(segmentId));
    }

    private Bson filter(String segmentId) {
        SegmentView segment = segments.get(segmentId).orElseThrow(() -> new NoSuchElementException("no segment '" + segmentId + "'"));
        return ContactRules.filter(segment.rule(), LocalDate.now(clock).getYear());
    }
}
