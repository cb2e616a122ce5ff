package org.qiandai.campaign.pushes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.ContactAudience;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.CompactKeyIndex;
import org.qiandai.campaign.templates.ChannelCatalog;
import org.qiandai.campaign.templates.WarningTemplate;
import org.qiandai.campaign.templates.WarningTemplates;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code java -jar qiandai.jar bench queue [--contacts 100000,1000000] [--heap 512m]} (or {@code main} of this class
 * with campaign-core's classpath).
 * <p>
 * For each audience size, two measurements, each in a fresh JVM with {@code -Xmx512m} and a fresh embedded store on an
 * H2 file (the application's durability: a commit at the end): (1) a push created for an APPROVED campaign and its
 * occurrence resolved and queued by the real {@link PushScheduler} (audience streamed, duplicate set, district check,
 * do-not-contact lookups per batch, send-log lookups per batch, rendering, unordered {@code insertMany} of the
 * delivery records, cursor updates); (2) a bare {@code insertMany} of the same delivery documents (same count, same
 * fields) into the same kind of store. The audience is generated ({@code GeneratedAudience}: contacts streamed
 * lazily, never a list, nine districts, every 200th number invalid); the do-not-contact list is a {@code dnc}
 * collection in the same store holding every 100th contact's hash (written before the clock starts), looked up by
 * {@code _id} per batch as the real list does. Prints a Markdown table: time, rate, peak heap, and the ratio.
 */
public final class QueueBenchmark {

    private static final List<String> DISTRICTS = List.of("东河区", "昆都仑区", "青山区", "石拐区", "白云鄂博矿区", "九原区", "土默特右旗", "固阳县", "达尔罕茂明安联合旗");

    private QueueBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        List<Integer> sizes = Stream.of(options.getOrDefault("contacts", "100000,1000000").split(",")).map(String::trim).map(Integer::parseInt).toList();
        String heap = options.getOrDefault("heap", "512m");
        StringBuilder table = new StringBuilder();
        table.append("| contacts | queued | excluded | queue s | queued/s | queue heap peak / live (-Xmx").append(heap)
                .append(") | bare insertMany s | inserted/s | insert heap peak / live | queue ÷ insert time |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : sizes) {
            Map<String, String> queued = runChild("queue", n, heap);
            Map<String, String> inserted = runChild("insert", n, heap);
            double q = Double.parseDouble(queued.getOrDefault("seconds", "NaN"));
            double i = Double.parseDouble(inserted.getOrDefault("seconds", "NaN"));
            table.append(String.format(Locale.ROOT, "| %,d | %s | %s | %.1f | %,.0f | %s | %.1f | %,.0f | %s | **%.2f** |%n", n,
                    queued.getOrDefault("queued", "—"), queued.getOrDefault("excluded", "—"), q,
                    Double.parseDouble(queued.getOrDefault("queued", "0")) / q, BenchmarkSupport.heap(queued), i,
                    Double.parseDouble(inserted.getOrDefault("inserted", "0")) / i, BenchmarkSupport.heap(inserted), q / i));
        }
        System.out.println();
        System.out.println(table);
    }

    private static Map<String, String> runChild(String what, int n, String heap) throws Exception {
        return BenchmarkSupport.runChild("queue", QueueBenchmark.class, heap, List.of(what, Integer.toString(n)),
                String.format(Locale.ROOT, "%s %,d contacts", what, n));
    }

    private static void child(String what, int n) throws Exception {
        Path dir = Files.createTempDirectory("qiandai-bench-queue");
        Map<String, Object> result = new LinkedHashMap<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            MongoTemplate mongo = new MongoTemplate(client, "qiandai");
            Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
            Deliveries deliveries = Deliveries.create(mongo, event -> { }, clock);
            StoreDurability durability = StoreDurability.of(store);
            GeneratedAudience audience = new GeneratedAudience(n);
            if (what.equals("queue")) {
                StoreDnc dnc = new StoreDnc(mongo);
                dnc.fill(n);
                durability.commit();
                StaticListableBeanFactory beans = new StaticListableBeanFactory();
                beans.addBean("audience", audience);
                beans.addBean("dnc", dnc);
                beans.addBean("templates", new Templates());
                beans.addBean("campaigns", new Campaigns());
                StandardEnvironment env = new StandardEnvironment();
                PushRules rules = new PushRules(env, clock);
                PushStore pushStore = new PushStore(mongo);
                Pushes pushes = new Pushes(pushStore, deliveries, rules, beans.getBeanProvider(CampaignLifecycle.class),
                        beans.getBeanProvider(WarningTemplates.class), beans.getBeanProvider(ContactAudience.class),
                        beans.getBeanProvider(DoNotContactList.class), beans.getBeanProvider(ChannelCatalog.class), event -> { }, clock, 1000, "96110");
                PushScheduler scheduler = new PushScheduler(pushes, pushStore, deliveries, durability, event -> { }, clock, false,
                        java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10));
                // a partner-free channel without quiet hours, so that the push is due at once whatever the hour
                env.getSystemProperties().put("qiandai.quiet-hours.sms-bench", "");
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                PushView push = pushes.create("bench", new PushRequest("sms-bench", "tpl", List.of("everyone"), null), "bench");
                result.put("previewSeconds", BenchmarkSupport.seconds(t0));
                long t1 = System.nanoTime();
                scheduler.runDue();
                result.put("seconds", BenchmarkSupport.seconds(t1));
                PushView done = pushes.get(push.id()).orElseThrow();
                result.put("queued", done.counts().get(org.qiandai.campaign.deliveries.DeliveryStatus.QUEUED));
                result.put("excluded", done.audience().excludedTotal());
                result.put("stored", mongo.getCollection(Deliveries.COLLECTION).estimatedDocumentCount());
            } else {
                MongoCollection<Document> collection = mongo.getCollection(Deliveries.COLLECTION);
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                List<Document> chunk = new ArrayList<>(1000);
                Date now = new Date();
                long inserted = 0;
                var it = audience.members("everyone").iterator();
                while (it.hasNext()) {
                    Recipient r = it.next();
                    if (!audience.accepted(r)) {
                        continue; // the same records the push queues
                    }
                    chunk.add(Deliveries.document(new NewDelivery(NewDelivery.idOf("push-bench", 0, r.contactId()), "push-bench", 0, "bench",
                            "sms-bench", "tpl", r.contactId(), r.phoneHash(), r.encryptedPhone(), r.language(), r.district(),
                            "【包头公安】" + r.district() + "的居民：警惕养老投资骗局，疑似诈骗请拨打96110。"), now));
                    if (chunk.size() == 1000) {
                        collection.insertMany(chunk, new InsertManyOptions().ordered(false));
                        inserted += chunk.size();
                        chunk = new ArrayList<>(1000);
                    }
                }
                if (!chunk.isEmpty()) {
                    collection.insertMany(chunk, new InsertManyOptions().ordered(false));
                    inserted += chunk.size();
                }
                durability.commit();
                result.put("seconds", BenchmarkSupport.seconds(t0));
                result.put("inserted", inserted);
            }
            result.put("peakHeap", BenchmarkSupport.peakHeap());
            result.put("liveHeap", BenchmarkSupport.liveHeap());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        BenchmarkSupport.reportAndExit(result);
    }

    /** {@code n} contacts generated as they are streamed: every 200th number invalid, every 100th on the DNC list. */
    static final class GeneratedAudience implements ContactAudience {
        private final int n;

        GeneratedAudience(int n) {
            this.n = n;
        }

        @Override
        public Stream<Recipient> members(String segmentId) {
            return IntStream.range(0, n).mapToObj(i -> new Recipient(String.format("ct-%08d", i), hash(i),
                    "AES256GCM:" + Long.toHexString(CompactKeyIndex.hash("phone" + i)) + Long.toHexString(CompactKeyIndex.hash("iv" + i)),
                    DISTRICTS.get(i % DISTRICTS.size()), "zh-CN", i % 200 != 199));
        }

        @Override
        public long count(String segmentId) {
            return n;
        }

        boolean accepted(Recipient r) {
            int i = Integer.parseInt(r.contactId().substring(3));
            return i % 200 != 199 && i % 100 != 7;
        }

        static String hash(int i) {
            return String.format("%016x%016x", CompactKeyIndex.hash("+86138" + i), CompactKeyIndex.hash("k" + i));
        }
    }

    /** The do-not-contact list as hashes in a collection, looked up by {@code _id} once per batch. */
    static final class StoreDnc implements DoNotContactList {
        private final MongoCollection<Document> dnc;

        StoreDnc(MongoTemplate mongo) {
            this.dnc = mongo.getCollection("dnc");
        }

        void fill(int n) {
            List<Document> docs = new ArrayList<>();
            for (int i = 7; i < n; i += 100) {
                docs.add(new Document("_id", GeneratedAudience.hash(i)).append("reason", "bench"));
                if (docs.size() == 1000) {
                    dnc.insertMany(docs);
                    docs.clear();
                }
            }
            if (!docs.isEmpty()) {
                dnc.insertMany(docs);
            }
        }

        @Override
        public void add(String phone, String reason, String source, String by) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addHash(String phoneHash, String reason, String source, String by) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean containsHash(String phoneHash) {
            return dnc.find(Filters.eq("_id", phoneHash)).first() != null;
        }

        @Override
        public Set<String> containingHashes(Collection<String> phoneHashes) {
            Set<String> found = new HashSet<>();
            for (Document d : dnc.find(Filters.in("_id", phoneHashes)).projection(new Document("_id", 1))) {
                found.add(d.getString("_id"));
            }
            return found;
        }
    }

    static final class Templates implements WarningTemplates {
        private final WarningTemplate template = new WarningTemplate("tpl", "养老诈骗提醒", "SMS", "zh-CN",
                "{district}的居民：警惕养老投资骗局，疑似诈骗请拨打{hotline}。", "【包头公安】", "UCS-2", 1, Instant.EPOCH);

        @Override
        public Optional<WarningTemplate> get(String id) {
            return Optional.of(template);
        }

        @Override
        public String render(WarningTemplate t, Map<String, String> variables) {
            return t.signature() + t.body().replace("{district}", variables.get("district")).replace("{hotline}", variables.get("hotline"));
        }
    }

    static final class Campaigns implements CampaignLifecycle {
        private CampaignView campaign = new CampaignView("bench", "bench", "bench", LocalDate.now(), LocalDate.now().plusDays(30), DISTRICTS,
                List.of("everyone"), "bench", CampaignStatus.APPROVED);

        @Override
        public Optional<CampaignView> get(String id) {
            return Optional.of(campaign);
        }

        @Override
        public CampaignView markRunning(String id, String by) {
            campaign = new CampaignView(campaign.id(), campaign.name(), campaign.goal(), campaign.from(), campaign.to(), campaign.districts(),
                    campaign.segmentIds(), campaign.owner(), CampaignStatus.RUNNING);
            return campaign;
        }
    }
}
