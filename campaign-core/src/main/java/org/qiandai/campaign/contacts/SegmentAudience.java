package org.qiandai.campaign.contacts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import org.bson.conversions.Bson;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.store.InProcessReads;
import org.qiandai.campaign.segments.Segments;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * A saved segment's members: its rule as a store filter ({@link ContactRules}), streamed in {@code _id} order in
 * pages of {@code qiandai.audience.batch-size} (default 1000) contacts ({@link ContactStore#matching}), so that the
 * audience never sits in memory whole.
 */
@Service
public class SegmentAudience implements ContactAudience {

    private final Segments segments;
    private final ContactStore store;
    private final Clock clock;
    private final int batchSize;

    SegmentAudience(Segments segments, ContactStore store, Clock clock, @Value("${qiandai.audience.batch-size:1000}") int batchSize) {
        this.segments = segments;
        this.store = store;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** For code running outside the application context (benchmarks, commands); reads through the driver. */
    public static SegmentAudience create(Segments segments, MongoTemplate mongo, Clock clock, int batchSize) {
        return create(segments, mongo, InProcessReads.none(), clock, batchSize);
    }

    /** As {@link #create(Segments, MongoTemplate, Clock, int)}, reading in process when the store is embedded here. */
    public static SegmentAudience create(Segments segments, MongoTemplate mongo, InProcessReads inProcess, Clock clock, int batchSize) {
        return new SegmentAudience(segments, new ContactStore(mongo, inProcess), clock, batchSize);
    }

    /** @throws NoSuchElementException when there is no such segment */
    @Override
    public Stream<Recipient> members(String segmentId) {
        return store.matching(filter(segmentId), batchSize)
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
