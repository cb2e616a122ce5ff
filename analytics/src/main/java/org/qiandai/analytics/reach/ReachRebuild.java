package org.qiandai.analytics.reach;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.campaigns.Activities;
import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.DoNotContactService;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryFacts;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.partnerreports.PartnerReports;
import org.qiandai.campaign.retention.DataRetention;
import org.qiandai.campaign.store.StoreDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every reach counter from the records: the delivery records (their statuses and when each was reached),
 * the partner reports as stored, the offline activities, the captured push occurrences and the opt-outs on the
 * do-not-contact list. It writes the next generation of the counter collections beside the current one and then
 * switches to it, while live counting waits (events keep queuing and are counted after the switch; those the records
 * already showed are in the ledgers and count nothing twice). The records are read once, in {@code _id} pages; what is
 * kept per delivery meanwhile is a few numbers (about 40 bytes), so a million deliveries need some 100 MB of heap.
 * Counting goes through {@link Counting}, as live counting does, so a rebuild gives the live numbers.
 */
@Component
public class ReachRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReachRebuild.class);
    static final int PAGE = 5_000;
    private static final Duration LOCK = Duration.ofHours(2);

    /** What a rebuild read and wrote. */
    public record Result(long generation, long deliveries, long people, long partnerReports, long activities, long occurrences,
                         long counterDocuments, double seconds) {
    }

    /** Another rebuild (here or in another instance) holds the lock. */
    public static class BusyException extends RuntimeException {
        BusyException(String message) {
            super(message);
        }
    }

    private final LiveCounting live;
    private final Deliveries deliveries;
    private final PartnerReports reports;
    private final Activities activities;
    private final DoNotContactService doNotContact;
    private final DataRetention retention;
    private final ObjectProvider<CampaignLifecycle> campaigns;
    private final StoreDurability durability;
    private final Clock clock;

    ReachRebuild(LiveCounting live, Deliveries deliveries, PartnerReports reports, Activities activities, DoNotContactService doNotContact,
                 DataRetention retention, ObjectProvider<CampaignLifecycle> campaigns, StoreDurability durability, Clock clock) {
        this.retention = retention;
        this.live = live;
        this.deliveries = deliveries;
        this.reports = reports;
        this.activities = activities;
        this.doNotContact = doNotContact;
        this.campaigns = campaigns;
        this.durability = durability;
        this.clock = clock;
    }

    /** @throws BusyException when a rebuild is running already */
    public synchronized Result rebuild() {
        ReachStore store = live.store();
        lock(store);
        long started = System.nanoTime();
        live.pause();
        try {
            ReachStore.Names old = store.current();
            ReachStore.Names next = ReachStore.Names.of(old.generation() + 1);
            store.drop(next);
            Result result = build(store, next, started);
            store.switchTo(next.generation(), new Document("at", Date.from(clock.instant())).append("seconds", result.seconds())
                    .append("deliveries", result.deliveries()).append("people", result.people())
                    .append("partnerReports", result.partnerReports()).append("activities", result.activities())
                    .append("occurrences", result.occurrences()));
            store.drop(old);
            live.forgetTrouble();
            durability.commit();
            log.info("Rebuilt the reach counters (generation {}): {} deliveries, {} people, {} partner figures, {} activities, {} occurrences in {} s",
                    next.generation(), result.deliveries(), result.people(), result.partnerReports(), result.activities(), result.occurrences(),
                    String.format("%.1f", result.seconds()));
            return result;
        } finally {
            live.resume();
            unlock(store);
        }
    }

    private void lock(ReachStore store) {
        Instant now = clock.instant();
        Document claimed = store.collection(ReachStore.STATE).findOneAndUpdate(
                Filters.and(Filters.eq("_id", "rebuild-lock"), Filters.or(Filters.exists("until", false), Filters.lt("until", Date.from(now)))),
                Updates.combine(Updates.set("until", Date.from(now.plus(LOCK))), Updates.set("by", live.instance)),
                new FindOneAndUpdateOptions().upsert(true));
        if (claimed != null && claimed.getDate("until") != null && claimed.getDate("until").toInstant().isAfter(now)) {
            throw new BusyException("a rebuild is running");
        }
    }

    private void unlock(ReachStore store) {
        store.collection(ReachStore.STATE).updateOne(Filters.and(Filters.eq("_id", "rebuild-lock"), Filters.eq("by", live.instance)),
                Updates.set("until", new Date(0)));
    }

    private Result build(ReachStore store, ReachStore.Names next, long started) {
        Counting counting = live.counting(next);
        Deltas deltas = new Deltas();
        List<Document> ledger = new ArrayList<>();
        long[] activityCount = {0};
        activities.forEach(a -> {
            ledger.add(new Document("_id", "a:" + a.id()));
            OtherFigures.activity(a, deltas, next.daily());
            activityCount[0]++;
        });
        long[] reportCount = {0};
        reports.forEach(r -> {
            ledger.add(new Document("_id", "r:" + r.partner() + ":" + r.pushId() + ":" + r.date() + ":" + r.district())
                    .append("v", 1L).append("i", r.impressions()).append("u", r.uniqueUsers()));
            OtherFigures.report(r.partner(), r.campaignId(), r.district(), r.date(), r.impressions(), r.uniqueUsers(), deltas, next.daily());
            reportCount[0]++;
        });
        store.insertMany(next.ledger(), ledger);
        ledger.clear();

        long t0 = System.nanoTime();
        Table table = new Table();
        deliveries.forEachFacts(PAGE, table::add);
        long t1 = System.nanoTime();
        long occurrences = occurrences(store, table, deltas, next);
        Map<String, Long> optOuts = new HashMap<>();
        doNotContact.forEachFrom(List.of("sms-reply", "provider"), e -> {
            optOuts.put(e.phoneHash(), e.addedAt().toEpochMilli());
            // a person erased or past retention is in the records under their pseudonym: their opt-out still counts
            optOuts.put(retention.pseudonym(e.phoneHash()), e.addedAt().toEpochMilli());
        });
        long t2 = System.nanoTime();
        long people = people(store, table, counting, optOuts, deltas, next);
        long t3 = System.nanoTime();
        long documents = write(store, deltas);
        long t4 = System.nanoTime();
        log.debug("Rebuild phases: others {} ms, read records {} ms, occurrences and opt-outs {} ms, people {} ms, counters {} ms ({} documents, {} fields)",
                (t0 - started) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                documents, deltas.byCollection.values().stream().flatMap(m -> m.values().stream()).mapToLong(Map::size).sum());
        return new Result(next.generation(), table.size, people, reportCount[0], activityCount[0], occurrences, documents,
                (System.nanoTime() - started) / 1e9);
    }

    /** Every push occurrence: those captured from their events, and any the records show that was not captured. */
    private long occurrences(ReachStore store, Table table, Deltas deltas, ReachStore.Names next) {
        Set<String> captured = new HashSet<>();
        List<Document> captures = new ArrayList<>();
        store.collection(ReachStore.OCCURRENCES).find().forEach(d -> {
            captured.add(d.getString("_id"));
            captures.add(d);
        });
        Map<String, CampaignView> campaignCache = new HashMap<>();
        table.queued.forEach((key, first) -> {
            if (!captured.contains(key)) {
                int colon = key.lastIndexOf(':');
                String pushId = key.substring(0, colon);
                int k = Integer.parseInt(key.substring(colon + 1));
                String campaignId = table.campaignOfPush.get(pushId);
                List<String> districts = campaignId == null ? List.of() : campaignCache.computeIfAbsent(campaignId,
                        id -> campaigns.getObject().get(id).orElse(null)) == null ? List.of() : campaignCache.get(campaignId).districts();
                Document capture = LiveCounting.capture(pushId, campaignId, table.channelOfPush.get(pushId), k,
                        Instant.ofEpochMilli(first[0]).atZone(live.zone()).toLocalDate(), districts, first[1], null);
                if (store.captureOccurrence(capture)) {
                    captures.add(capture);
                }
            }
        });
        for (Document c : captures) {
            OtherFigures.occurrence(c.getString("campaignId"), c.getString("channel"), c.getList("districts", String.class, List.of()),
                    LocalDate.parse(c.getString("day")), deltas, next.daily());
        }
        return captures.size();
    }

    /** Counts each person's (and each broadcast record's) deliveries in time order, writing their documents. */
    private long people(ReachStore store, Table table, Counting counting, Map<String, Long> optOuts, Deltas deltas, ReachStore.Names next) {
        int owners = table.owners.size();
        int[] start = new int[owners + 1];
        for (int i = 0; i < table.size; i++) {
            start[table.owner[i] + 1]++;
        }
        for (int o = 0; o < owners; o++) {
            start[o + 1] += start[o];
        }
        int[] order = new int[table.size];
        int[] fill = Arrays.copyOf(start, owners);
        for (int i = 0; i < table.size; i++) {
            order[fill[table.owner[i]]++] = i;
        }
        // people in _id order: the embedded store writes keys in order far faster than at random
        Integer[] byId = new Integer[owners];
        for (int o = 0; o < owners; o++) {
            byId[o] = o;
        }
        Arrays.sort(byId, Comparator.comparing(table.owners::get));
        List<Document> docs = new ArrayList<>(ReachStore.BULK);
        long written = 0;
        for (int o : byId) {
            String id = table.owners.get(o);
            PersonState state = PersonState.fresh(id);
            List<Mark> marks = new ArrayList<>();
            for (int j = start[o]; j < start[o + 1]; j++) {
                table.marks(order[j], marks);
            }
            marks.sort(Comparator.comparing(Mark::at).thenComparing(Mark::kind));
            Long optedOutAt = table.isPerson(o) ? optOuts.get(id) : null;
            boolean optOutDone = optedOutAt == null;
            for (Mark m : marks) {
                if (!optOutDone && m.at().toEpochMilli() > optedOutAt) {
                    counting.optOut(state, deltas);
                    optOutDone = true;
                }
                counting.apply(state, m, deltas);
            }
            if (!optOutDone) {
                counting.optOut(state, deltas);
            }
            if (!state.isEmpty()) {
                docs.add(state.toDocument());
                written++;
            }
            if (docs.size() == ReachStore.BULK) {
                store.insertMany(next.people(), docs);
                docs.clear();
            }
        }
        if (!docs.isEmpty()) {
            store.insertMany(next.people(), docs);
        }
        return written;
    }

    /** Writes the counters as whole documents ({@code g.<group>.<figure>} nested), leaving out zeros. */
    private static long write(ReachStore store, Deltas deltas) {
        long n = 0;
        for (Map.Entry<String, Map<String, Map<String, Long>>> collection : deltas.byCollection.entrySet()) {
            List<Document> docs = new ArrayList<>(ReachStore.BULK);
            for (Map.Entry<String, Map<String, Long>> doc : new java.util.TreeMap<>(collection.getValue()).entrySet()) {
                Document d = new Document("_id", doc.getKey());
                doc.getValue().forEach((field, value) -> {
                    if (value != 0) {
                        put(d, field.split("\\."), value);
                    }
                });
                docs.add(d);
                if (docs.size() == ReachStore.BULK) {
                    store.insertMany(collection.getKey(), docs);
                    n += docs.size();
                    docs.clear();
                }
            }
            store.insertMany(collection.getKey(), docs);
            n += docs.size();
        }
        return n;
    }

    private static void put(Document root, String[] path, long value) {
        Document d = root;
        for (int i = 0; i < path.length - 1; i++) {
            Document child = d.get(path[i], Document.class);
            if (child == null) {
                child = new Document();
                d.put(path[i], child);
            }
            d = child;
        }
        d.put(path[path.length - 1], value);
    }

    /**
     * The deliveries as a few numbers each, with their strings interned: who they belong to (a person, or the record
     * itself for a partner broadcast), push, occurrence, district, segment, status, when sent and when final, code.
     */
    static final class Table {
        final List<String> owners = new ArrayList<>();
        private final Map<String, Integer> ownerIndex = new HashMap<>();
        private final List<String> strings = new ArrayList<>();
        private final Map<String, Integer> stringIndex = new HashMap<>();
        /** pushId:occurrence → {first queued at, records}. */
        final Map<String, long[]> queued = new HashMap<>();
        final Map<String, String> campaignOfPush = new HashMap<>();
        final Map<String, String> channelOfPush = new HashMap<>();
        private final Set<Integer> broadcastOwners = new HashSet<>();
        int size;
        int[] owner = new int[1024];
        int[] push = new int[1024];
        int[] occurrence = new int[1024];
        int[] district = new int[1024];
        int[] segment = new int[1024];
        int[] code = new int[1024];
        byte[] status = new byte[1024];
        long[] sentAt = new long[1024];
        long[] finalAt = new long[1024];

        void add(DeliveryFacts f) {
            if (size == owner.length) {
                int n = size * 2;
                owner = Arrays.copyOf(owner, n);
                push = Arrays.copyOf(push, n);
                occurrence = Arrays.copyOf(occurrence, n);
                district = Arrays.copyOf(district, n);
                segment = Arrays.copyOf(segment, n);
                code = Arrays.copyOf(code, n);
                status = Arrays.copyOf(status, n);
                sentAt = Arrays.copyOf(sentAt, n);
                finalAt = Arrays.copyOf(finalAt, n);
            }
            boolean person = f.phoneHash() != null;
            String ownerId = person ? f.phoneHash() : "b:" + f.id();
            Integer o = ownerIndex.get(ownerId);
            if (o == null) {
                o = owners.size();
                owners.add(ownerId);
                ownerIndex.put(ownerId, o);
                if (!person) {
                    broadcastOwners.add(o);
                }
            }
            int i = size++;
            owner[i] = o;
            push[i] = intern(f.pushId());
            occurrence[i] = f.occurrence();
            district[i] = intern(f.district());
            segment[i] = intern(f.segmentId());
            code[i] = intern(f.errorCode());
            status[i] = (byte) f.status().ordinal();
            Instant sent = f.at().get(DeliveryStatus.SENT);
            sentAt[i] = sent == null ? -1 : sent.toEpochMilli();
            Instant last = f.at().get(f.status());
            finalAt[i] = last == null ? -1 : last.toEpochMilli();
            campaignOfPush.putIfAbsent(f.pushId(), f.campaignId());
            channelOfPush.putIfAbsent(f.pushId(), f.channel());
            Instant q = f.at().get(DeliveryStatus.QUEUED);
            long queuedAt = q == null ? (last == null ? 0 : last.toEpochMilli()) : q.toEpochMilli();
            long[] first = queued.computeIfAbsent(f.pushId() + ":" + f.occurrence(), k -> new long[] {Long.MAX_VALUE, 0});
            first[0] = Math.min(first[0], queuedAt);
            first[1]++;
        }

        boolean isPerson(int ownerIndex) {
            return !broadcastOwners.contains(ownerIndex);
        }

        private int intern(String s) {
            if (s == null) {
                return -1;
            }
            Integer i = stringIndex.get(s);
            if (i == null) {
                i = strings.size();
                strings.add(s);
                stringIndex.put(s, i);
            }
            return i;
        }

        private String string(int i) {
            return i < 0 ? null : strings.get(i);
        }

        /** The marks delivery {@code i} makes, as live counting made them from its transitions. */
        void marks(int i, List<Mark> out) {
            DeliveryStatus s = DeliveryStatus.values()[status[i]];
            String pushId = string(push[i]);
            boolean person = isPerson(owner[i]);
            String phoneHash = person ? owners.get(owner[i]) : null;
            String deliveryId = person ? null : owners.get(owner[i]).substring(2);
            if (sentAt[i] >= 0) {
                out.add(mark(i, pushId, phoneHash, deliveryId, Mark.Kind.SENT, DeliveryStatus.SENT, sentAt[i]));
            } else if ((s == DeliveryStatus.DELIVERED || s == DeliveryStatus.UNDELIVERED) && finalAt[i] >= 0) {
                out.add(mark(i, pushId, phoneHash, deliveryId, Mark.Kind.SENT, s, finalAt[i]));
            }
            if (finalAt[i] < 0) {
                return;
            }
            if (s == DeliveryStatus.DELIVERED) {
                out.add(mark(i, pushId, phoneHash, deliveryId, Mark.Kind.DELIVERED, s, finalAt[i]));
            } else if (s == DeliveryStatus.FAILED || s == DeliveryStatus.UNDELIVERED || s == DeliveryStatus.EXPIRED) {
                out.add(mark(i, pushId, phoneHash, deliveryId, Mark.Kind.FAILED, s, finalAt[i]));
            }
        }

        private Mark mark(int i, String pushId, String phoneHash, String deliveryId, Mark.Kind kind, DeliveryStatus s, long at) {
            return new Mark(deliveryId, pushId, occurrence[i], campaignOfPush.get(pushId), channelOfPush.get(pushId), string(district[i]),
                    phoneHash, string(segment[i]), kind, s, string(code[i]), Instant.ofEpochMilli(at));
        }
    }
}
