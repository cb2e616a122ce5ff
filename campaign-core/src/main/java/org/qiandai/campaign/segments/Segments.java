package org.qiandai.campaign.segments;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import org.qiandai.campaign.support.RecordIds;

/** Saves, lists, changes and deletes segments (target audiences). Invalid input throws {@link SegmentRejectedException}. */
@Service
public class Segments {
    private static final int LIST_LIMIT = 500;

    private final SegmentStore store;
    private final Clock clock;

    Segments(SegmentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** For code running outside the application context (benchmarks, commands). */
    public static Segments create(MongoTemplate mongo, Clock clock) {
        return new Segments(new SegmentStore(mongo), clock);
    }

    public SegmentView save(SegmentDraft draft, String user) {
        String id = RecordIds.next("seg", clock.instant());
        Segment segment = Segment.create(id, draft, user, clock.instant());
        store.insert(segment);
        return segment.view();
    }

    /** The latest 500 segments, newest first. */
    public List<SegmentView> list() {
        return store.list(LIST_LIMIT).stream().map(Segment::view).toList();
    }

    public Optional<SegmentView> get(String id) {
        return store.find(id).map(Segment::view);
    }

    /** A new name, description and rule for an existing segment; empty when there is no such segment. */
    public Optional<SegmentView> update(String id, SegmentDraft changes, String user) {
        Optional<Segment> found = store.find(id);
        found.ifPresent(segment -> {
            segment.revise(changes, user, clock.instant());
            store.replace(segment);
        });
        return found.map(Segment::view);
    }

    /** @return whether there was such a segment */
    public boolean delete(String id) {
        return store.delete(id);
    }
}
