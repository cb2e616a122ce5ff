package org.qiandai.channels.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deliveries this instance released for a retry (QUEUED again, with a {@code retryAt}), per push, so that they are
 * claimed by {@code _id} when due instead of waiting for the next pass over the push. Only a shortcut: after a restart
 * the same deliveries are found by that pass.
 */
final class Retries {

    private record Entry(Instant at, String id) {
    }

    private final Map<String, PriorityQueue<Entry>> byPush = new ConcurrentHashMap<>();

    void add(String pushId, String deliveryId, Instant at) {
        PriorityQueue<Entry> queue = byPush.computeIfAbsent(pushId, k -> new PriorityQueue<>((a, b) -> a.at().compareTo(b.at())));
        synchronized (queue) {
            queue.add(new Entry(at, deliveryId));
        }
    }

    /** Removes and answers up to {@code max} ids due at {@code now}. */
    List<String> due(String pushId, Instant now, int max) {
        PriorityQueue<Entry> queue = byPush.get(pushId);
        List<String> ids = new ArrayList<>();
        if (queue == null) {
            return ids;
        }
        synchronized (queue) {
            while (ids.size() < max && !queue.isEmpty() && !queue.peek().at().isAfter(now)) {
                ids.add(queue.poll().id());
            }
        }
        return ids;
    }

    /** How many retries of the push this instance waits for. */
    int waiting(String pushId) {
        PriorityQueue<Entry> queue = byPush.get(pushId);
        if (queue == null) {
            return 0;
        }
        synchronized (queue) {
            return queue.size();
        }
    }
}
