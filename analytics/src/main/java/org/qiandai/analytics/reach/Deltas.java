package org.qiandai.analytics.reach;

import java.util.LinkedHashMap;
import java.util.Map;

/** Increments to write, per collection and document, per field: many events' changes merged into few updates. */
final class Deltas {

    /** collection → document id → field → increment. */
    final Map<String, Map<String, Map<String, Long>>> byCollection = new LinkedHashMap<>();

    void inc(String collection, String docId, String field, long by) {
        if (by == 0) {
            return;
        }
        byCollection.computeIfAbsent(collection, c -> new LinkedHashMap<>()).computeIfAbsent(docId, d -> new LinkedHashMap<>())
                .merge(field, by, Long::sum);
    }

    void addAll(Deltas other) {
        other.byCollection.forEach((c, docs) -> docs.forEach((d, fields) -> fields.forEach((f, n) -> inc(c, d, f, n))));
    }

    boolean isEmpty() {
        return byCollection.isEmpty();
    }

    int documents() {
        return byCollection.values().stream().mapToInt(Map::size).sum();
    }
}
