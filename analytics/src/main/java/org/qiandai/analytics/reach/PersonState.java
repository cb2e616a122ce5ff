package org.qiandai.analytics.reach;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

/**
 * What analytics keeps of one person (a phone hash), or of one partner broadcast record: the transitions already
 * counted (the ledger that makes counting idempotent: the same event applied twice counts once), the days on which
 * they were reached in each scope, the latest warning sent to them (to attribute an opt-out) and whether an opt-out was
 * counted.
 * <p>
 * <b>Exact distinct reach for any period.</b> For each scope a person's reached days are kept sorted. A counter
 * document per scope and day holds, per group, a histogram of the <i>previous</i> reached day of the people reached that
 * day. A person reached in [from, to] is then counted exactly once: on their first reached day in the period, which is
 * the one whose previous reached day lies before {@code from} (or does not exist). So the distinct people of any period
 * are {@code Σ_{day ∈ [from, to]} Σ_{previous < from} histogram[day][previous]}, read from one {@code _id} range.
 * Adding a day {@code d} between {@code a} (the day before it, if any) and {@code b} (the day after it, if any) moves
 * one entry: +1 at (d, a), and for b −1 at (b, a) and +1 at (b, d); a day already there changes nothing.
 */
final class PersonState {

    final String id;
    /** The version it was read at; 0 for a person not stored yet. */
    final long version;
    /** Counted transitions: push id → occurrence × 3 + kind (0 sent, 1 delivered, 2 failed). */
    private final Map<String, Set<Integer>> ledger;
    private final Map<String, int[]> days;
    String lastPush;
    long lastSentAt;
    String optedOut;

    private PersonState(String id, long version, Map<String, Set<Integer>> ledger, Map<String, int[]> days) {
        this.id = id;
        this.version = version;
        this.ledger = ledger;
        this.days = days;
    }

    static PersonState fresh(String id) {
        return new PersonState(id, 0, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * Records a counted transition (of the person's delivery of a push occurrence); answers false when it had been
     * counted already, and then nothing may be counted for it again.
     */
    boolean record(String pushId, int occurrence, Mark.Kind kind) {
        return ledger.computeIfAbsent(pushId, p -> new LinkedHashSet<>()).add(occurrence * 3 + kind.ordinal());
    }

    /** Adds a reached day in a scope, with the histogram moves it implies (see the class comment). */
    void reach(Scope scope, int epochDay, Deltas out, String collection) {
        String key = scope.key();
        int[] list = days.getOrDefault(key, new int[0]);
        int at = Arrays.binarySearch(list, epochDay);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        String previous = insert > 0 ? Integer.toString(list[insert - 1]) : ReachKeys.FIRST;
        out.inc(collection, scope.docId(LocalDate.ofEpochDay(epochDay)), scope.reachField(previous), 1);
        if (insert < list.length) {
            LocalDate next = LocalDate.ofEpochDay(list[insert]);
            out.inc(collection, scope.docId(next), scope.reachField(previous), -1);
            out.inc(collection, scope.docId(next), scope.reachField(Integer.toString(epochDay)), 1);
        }
        int[] grown = new int[list.length + 1];
        System.arraycopy(list, 0, grown, 0, insert);
        grown[insert] = epochDay;
        System.arraycopy(list, insert, grown, insert + 1, list.length - insert);
        days.put(key, grown);
    }

    /** The latest warning sent to the person (by its time): an opt-out soon after is attributed to its push. */
    void sent(String pushId, long at) {
        if (lastPush == null || at >= lastSentAt) {
            lastPush = pushId;
            lastSentAt = at;
        }
    }

    boolean isEmpty() {
        return ledger.isEmpty() && lastPush == null && optedOut == null;
    }

    Document toDocument() {
        Document r = new Document();
        days.forEach((k, v) -> {
            List<Integer> list = new ArrayList<>(v.length);
            for (int d : v) {
                list.add(d);
            }
            r.append(k, list);
        });
        Document l = new Document();
        ledger.forEach((push, marks) -> l.append(ReachKeys.escape(push), new ArrayList<>(marks)));
        Document doc = new Document("_id", id).append("v", version + 1).append("l", l).append("r", r);
        if (lastPush != null) {
            doc.append("last", new Document("push", lastPush).append("at", lastSentAt));
        }
        if (optedOut != null) {
            doc.append("opt", optedOut);
        }
        return doc;
    }

    static PersonState of(Document d) {
        Map<String, Set<Integer>> ledger = new LinkedHashMap<>();
        Document l = d.get("l", Document.class);
        if (l != null) {
            l.forEach((push, marks) -> {
                Set<Integer> set = new LinkedHashSet<>();
                for (Object m : (List<?>) marks) {
                    set.add(((Number) m).intValue());
                }
                ledger.put(ReachKeys.unescape(push), set);
            });
        }
        Map<String, int[]> days = new LinkedHashMap<>();
        Document r = d.get("r", Document.class);
        if (r != null) {
            for (Map.Entry<String, Object> e : r.entrySet()) {
                List<?> list = (List<?>) e.getValue();
                int[] a = new int[list.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = ((Number) list.get(i)).intValue();
                }
                Arrays.sort(a);
                days.put(e.getKey(), a);
            }
        }
        Number v = d.get("v", Number.class);
        PersonState p = new PersonState(d.getString("_id"), v == null ? 0 : v.longValue(), ledger, days);
        Document last = d.get("last", Document.class);
        if (last != null) {
            p.lastPush = last.getString("push");
            p.lastSentAt = ((Number) last.get("at")).longValue();
        }
        p.optedOut = d.getString("opt");
        return p;
    }
}
