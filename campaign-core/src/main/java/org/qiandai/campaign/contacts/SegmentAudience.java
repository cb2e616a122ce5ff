package org.qiandai.campaign.contacts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A saved segment's members: its rule as a store filter ({@link ContactRules}), read in pages of
 * {@code qiandai.audience.batch-size} (default 1000) in {@code _id} order, each page starting after the last id of the
 * one before, so that only one page is ever in memory and the order is stable.
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

    /** @throws NoSuchElementException when there is no such segment */
    @Override
    public Stream<Recipient> members(String segmentId) {
        Bson filter = filter(segmentId);
        Iterator<Recipient> pages = new Iterator<>() {
            private List<Document> page = store.after(filter, null, batchSize);
            private int next;

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (page.size() < batchSize) {
                    return false;
                }
                page = store.after(filter, page.get(page.size() - 1).getString("_id"), batchSize);
                next = 0;
                return !page.isEmpty();
            }

            @Override
            public Recipient next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Document d = page.get(next++);
                return new Recipient(d.getString("_id"), d.getString("_id"), d.getString("phone"), d.getString("district"),
                        d.getString("language"), Boolean.TRUE.equals(d.getBoolean("mobile")));
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
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
