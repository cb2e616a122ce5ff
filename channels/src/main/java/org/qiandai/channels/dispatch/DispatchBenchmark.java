package org.qiandai.channels.dispatch;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.bench.Latencies;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.ChannelSender;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.smpp.SmppSender;
import org.qiandai.channels.smpp.SmppSettings;
import org.qiandai.channels.standin.SmppStandIn;
import org.qiandai.channels.standin.TwilioStandIn;
import org.qiandai.channels.twilio.TwilioSender;
import org.qiandai.channels.twilio.TwilioSettings;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code java -jar qiandai.jar bench dispatch [--messages 100000] [--heap 1g] [--providers twilio,smpp]}.
 * <p>
 * Each measurement in a fresh JVM with a fresh embedded store on an H2 file (the application's durability: claims
 * committed before sending, results after), {@code messages} QUEUED deliveries of one RUNNING push written before the
 * clock starts. (1) <b>dispatch</b>: the real {@link Dispatcher} with the real sender — the Twilio SDK to the
 * {@link TwilioStandIn} over HTTP, or jsmpp to the {@link SmppStandIn} — rate limits off, until every delivery is
 * SENT; it reports messages per second, the latency the dispatcher adds to each message (claim to send, send to
 * result committed: {@link MessageTiming}) at p50 and p99, heap, and checks that the stand-in got each number once.
 * The gateways send no receipts and Twilio no callbacks, so what is measured is the dispatch. (2) <b>store</b>, the
 * limit to compare with: on the same kind of store with the same documents, the writes the dispatch cannot do without
 * — a conditional claim and a conditional result per delivery and a send-log upsert per person, as bulk updates by
 * {@code _id} in batches with a commit each — timed; the rate they allow is the store's update rate ÷ 3.
 */
public final class DispatchBenchmark {

    private static final String SID = "AC00000000000000000000000000bench";
    private static final String TOKEN = "bench-token";

    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        int n = Integer.parseInt(options.getOrDefault("messages", "100000"));
        String heap = options.getOrDefault("heap", "1g");
        List<String> providers = Stream.of(options.getOrDefault("providers", "twilio,smpp").split(",")).map(String::trim).toList();
        Map<String, String> store = runChild("store", n, heap);
        double updatesPerSecond = Double.parseDouble(store.getOrDefault("updatesPerSecond", "NaN"));
        StringBuilder table = new StringBuilder();
        table.append("| provider | messages | sent | dispatch s | messages/s | added latency p50 / p99 ms | heap peak / live (-Xmx").append(heap)
                .append(") | store updates/s | store-bound limit msg/s | dispatch ÷ limit |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String provider : providers) {
            Map<String, String> r = runChild(provider, n, heap);
            double seconds = Double.parseDouble(r.getOrDefault("seconds", "NaN"));
            double rate = Double.parseDouble(r.getOrDefault("sent", "0")) / seconds;
            double limit = updatesPerSecond / 3;
            table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f | %,.0f | %s / %s | %s | %,.0f | %,.0f | **%.2f** |%n", provider, n,
                    r.getOrDefault("sent", "—"), seconds, rate, r.getOrDefault("p50ms", "—"), r.getOrDefault("p99ms", "—"),
                    BenchmarkSupport.heap(r), updatesPerSecond, limit, rate / limit));
            if (!"0".equals(r.getOrDefault("duplicates", "0")) || r.containsKey("error")) {
                table.append("| ").append(provider).append(" | problem: ").append(r).append(" |\n");
            }
        }
        System.out.println();
        System.out.println(table);
    }

    private static Map<String, String> runChild(String what, int n, String heap) throws Exception {
        return BenchmarkSupport.runChild("dispatch", DispatchBenchmark.class, heap, List.of(what, Integer.toString(n)),
                String.format(Locale.ROOT, "%s %,d messages", what, n));
    }

    private static void child(String what, int n) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        BenchmarkSupport.withTemporaryStore("qiandai-bench-dispatch", (store, mongo) -> {
            Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
            StoreDurability durability = StoreDurability.of(store);
            Deliveries deliveries = Deliveries.create(mongo, event -> { }, clock);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            PhoneCrypto crypto = PhoneCrypto.withKey(key);
            String channel = what.equals("smpp") ? SmppSender.CHANNEL : TwilioSender.CHANNEL;
            String pushId = "push-bench";
            queue(mongo, deliveries, crypto, channel, pushId, n);
            durability.commit();
            if (what.equals("store")) {
                storeBaseline(mongo, durability, pushId, n, result);
            } else {
                dispatch(what, mongo, deliveries, crypto, durability, clock, channel, pushId, n, result);
            }
            result.put("peakHeap", BenchmarkSupport.peakHeap());
            result.put("liveHeap", BenchmarkSupport.liveHeap());
        });
        BenchmarkSupport.reportAndExit(result);
    }

    private static String contact(int i) {
        return String.format("ct-%08d", i);
    }

    private static void queue(MongoTemplate mongo, Deliveries deliveries, PhoneCrypto crypto, String channel, String pushId, int n) {
        mongo.getCollection(Deliveries.PUSHES).insertOne(new Document("_id", pushId).append("campaignId", "bench").append("channel", channel)
                .append("status", "RUNNING").append("counts", new Document("QUEUED", (long) n)).append("createdAt", new Date()));
        List<NewDelivery> batch = new ArrayList<>(1000);
        for (int i = 0; i < n; i++) {
            String phone = String.format("+86138%08d", i);
            batch.add(new NewDelivery(NewDelivery.idOf(pushId, 0, contact(i)), pushId, 0, "bench", channel, "tpl", contact(i), crypto.hash(phone),
                    crypto.encrypt(phone), "zh-CN", "东河区", "【包头公安】东河区的居民：警惕养老投资骗局，疑似诈骗请拨打96110。"));
            if (batch.size() == 1000) {
                deliveries.queue(batch);
                batch.clear();
            }
        }
        deliveries.queue(batch);
    }

    private static void dispatch(String provider, MongoTemplate mongo, Deliveries deliveries, PhoneCrypto crypto, StoreDurability durability,
                                 Clock clock, String channel, String pushId, int n, Map<String, Object> result) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getSystemProperties().put("qiandai.quiet-hours." + channel, ""); // whatever the hour of the run
        PushRules rules = PushRules.create(env, clock);
        DoNotContactList dnc = new StoreDnc(mongo);
        AutoCloseable standIn;
        ChannelSender sender;
        if (provider.equals("twilio")) {
            TwilioStandIn twilio = new TwilioStandIn(SID, TOKEN);
            standIn = twilio;
            sender = new TwilioSender(new TwilioSettings(true, SID, TOKEN, "+15005550006", null, twilio.baseUrl(), 0, 16, Duration.ofSeconds(5),
                    Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(5), "http://127.0.0.1:8080"));
        } else {
            SmppStandIn gateway = new SmppStandIn("bench", "secret");
            gateway.receiptState = s -> null;
            standIn = gateway;
            InboundReplies replies = InboundReplies.create(mongo, crypto, dnc, clock);
            SmppSender smpp = new SmppSender(new SmppSettings(true, "127.0.0.1", gateway.port(), "bench", "secret", "", "106900000096110", 0, 32,
                    Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30)), deliveries, durability, replies);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!smpp.bound() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            sender = smpp;
        }
        long[] added = new long[n + 1000];
        AtomicInteger timed = new AtomicInteger();
        Dispatcher dispatcher = Dispatcher.create(List.of(sender), deliveries, mongo, PushStates.create(mongo), rules, crypto, dnc, durability, clock,
                new DispatchSettings(true, 200, Duration.ofSeconds(30), Duration.ofMillis(100), 3, Duration.ofSeconds(2), Duration.ofMinutes(2), true,
                        Duration.ofMillis(100)));
        BenchmarkSupport.resetPeaks();
        long t0 = System.nanoTime();
        dispatcher.start();
        dispatcher.onTiming(t -> {
            int i = timed.getAndIncrement();
            if (i < added.length) {
                added[i] = t.addedNanos();
            }
        });
        MongoCollection<Document> pushes = mongo.getCollection(Deliveries.PUSHES);
        long sent = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            Document counts = pushes.find(Filters.eq("_id", pushId)).first().get("counts", Document.class);
            sent = ((Number) counts.getOrDefault(DeliveryStatus.SENT.name(), 0)).longValue();
            long open = ((Number) counts.getOrDefault("QUEUED", 0)).longValue() + ((Number) counts.getOrDefault("SENDING", 0)).longValue();
            if (open == 0) {
                break;
            }
            Thread.sleep(50);
        }
        long t1 = System.nanoTime();
        dispatcher.stop();
        result.put("seconds", String.format(Locale.ROOT, "%.2f", (t1 - t0) / 1e9));
        result.put("sent", sent);
        int k = Math.min(timed.get(), added.length);
        Latencies addedLatency = new Latencies(Arrays.copyOf(added, k));
        result.put("p50ms", addedLatency.ms(0.50));
        result.put("p99ms", addedLatency.ms(0.99));
        if (standIn instanceof TwilioStandIn twilio) {
            result.put("received", twilio.acceptedCount());
            result.put("duplicates", twilio.received.size() - twilio.received.stream().map(TwilioStandIn.Received::to).distinct().count());
            result.put("problems", twilio.problems.size());
        } else if (standIn instanceof SmppStandIn gateway) {
            result.put("received", gateway.submittedCount());
            result.put("duplicates", gateway.messages.values().stream().mapToInt(List::size).sum() - gateway.messages.size());
        }
        if (sender instanceof TwilioSender t) {
            t.destroy();
        } else if (sender instanceof SmppSender s) {
            s.destroy();
        }
        standIn.close();
    }

    /** The writes a dispatch of {@code n} needs at least, as bulk updates by {@code _id} (200 a batch, a commit each). */
    private static void storeBaseline(MongoTemplate mongo, StoreDurability durability, String pushId, int n, Map<String, Object> result) {
        MongoCollection<Document> deliveries = mongo.getCollection(Deliveries.COLLECTION);
        MongoCollection<Document> sendLog = mongo.getCollection(Deliveries.SEND_LOG);
        BenchmarkSupport.resetPeaks();
        long t0 = System.nanoTime();
        Date now = new Date();
        for (int from = 0; from < n; from += 200) {
            int to = Math.min(n, from + 200);
            List<WriteModel<Document>> claim = new ArrayList<>(to - from);
            List<WriteModel<Document>> settle = new ArrayList<>(to - from);
            List<WriteModel<Document>> log = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                String id = NewDelivery.idOf(pushId, 0, contact(i));
                claim.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", id), Filters.eq("status", "QUEUED")), Updates.combine(
                        Updates.set("status", "SENDING"), Updates.set("claim", "bench-" + from), Updates.set("leaseOwner", "bench"),
                        Updates.set("leaseUntil", now), Updates.unset("queue"))));
                settle.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", id), Filters.eq("status", "SENDING"), Filters.eq("claim", "bench-" + from)),
                        Updates.combine(Updates.set("status", "SENT"), Updates.set("providerId", "SM" + i), Updates.set("attempts", 1),
                                Updates.unset("claim"), Updates.unset("leaseUntil"))));
                log.add(new UpdateOneModel<>(Filters.eq("_id", "h" + i), Updates.pushEach("sends", List.of(new Document("at", now).append("deliveryId", id)),
                        new PushOptions().slice(-50)), new UpdateOptions().upsert(true)));
            }
            deliveries.bulkWrite(claim, new BulkWriteOptions().ordered(false));
            durability.commit();
            deliveries.bulkWrite(settle, new BulkWriteOptions().ordered(false));
            sendLog.bulkWrite(log, new BulkWriteOptions().ordered(false));
            durability.commit();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        result.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
        result.put("updatesPerSecond", String.format(Locale.ROOT, "%.0f", 3.0 * n / seconds));
    }

    /** The do-not-contact list as hashes in its collection, looked up by {@code _id} once per batch (as the real one). */
    private static final class StoreDnc implements DoNotContactList {
        private final MongoCollection<Document> dnc;

        StoreDnc(MongoTemplate mongo) {
            this.dnc = mongo.getCollection("dnc");
        }

        @Override
        public void add(String phone, String reason, String source, String by) {
            throw new UnsupportedOperationException("not in the benchmark");
        }

        @Override
        public void addHash(String phoneHash, String reason, String source, String by) {
            dnc.updateOne(Filters.eq("_id", phoneHash), Updates.set("reason", reason), new UpdateOptions().upsert(true));
        }

        @Override
        public boolean containsHash(String phoneHash) {
            return dnc.find(Filters.eq("_id", phoneHash)).first() != null;
        }

        @Override
        public Set<String> containingHashes(Collection<String> phoneHashes) {
            Set<String> found = new HashSet<>();
            dnc.find(Filters.in("_id", phoneHashes)).projection(new Document("_id", 1)).forEach(d -> found.add(d.getString("_id")));
            return found;
        }
    }
}
