package org.qiandai.campaign.pushes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.ContactAudience;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.DoNotContactService;
import org.qiandai.campaign.contacts.GeneratedContacts;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.contacts.SegmentAudience;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.InProcessReads;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.RecordIds;
import org.qiandai.campaign.templates.ChannelCatalog;
import org.qiandai.campaign.templates.WarningTemplate;
import org.qiandai.campaign.templates.WarningTemplates;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code java -jar qiandai.jar bench queue [--contacts 100000,1000000] [--heap 512m] [--repeat 1]} (or {@code main} of this
 * class with campaign-core's classpath). With {@code --repeat N} the two measurements alternate N times and the median of
 * each is reported.
 * <p>
 * For each audience size, two measurements, each in a fresh JVM with {@code -Xmx512m} and a fresh embedded store on an
 * H2 file (the application's durability: a commit at the end), both starting from the same stored state, written
 * before the clock starts: {@code n} contacts in the form an import stores them ({@link GeneratedContacts}: numbers
 * encrypted and hashed, nine districts, every 200th a landline), every 100th number on the do-not-contact list, and
 * one segment matching everyone. Then (1) a push created for an APPROVED campaign and its occurrence resolved and
 * queued by the real {@link PushScheduler}: the segment's members read from the stored contacts by the real
 * {@link SegmentAudience} (pages in {@code _id} order), the duplicate set, the district check, the real
 * do-not-contact list looked up per batch, send-log lookups per batch, rendering, unordered {@code insertMany} of the
 * delivery records, cursor updates; or (2) a bare {@code insertMany} of as many delivery documents (same fields and
 * lengths, ids ascending as the push writes them) into the store. Prints a Markdown table: time, rate, peak heap, and
 * the ratio.
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
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        for (int n : sizes) {
            // queue and bare insert alternate, so that a busy spell of the machine falls on both alike
            List<Map<String, String>> queueRuns = new ArrayList<>();
            List<Map<String, String>> insertRuns = new ArrayList<>();
            for (int run = 0; run < repeat; run++) {
                queueRuns.add(runChild("queue", n, heap));
                insertRuns.add(runChild("insert", n, heap));
            }
            Map<String, String> queued = BenchmarkSupport.median(queueRuns);
            Map<String, String> inserted = BenchmarkSupport.median(insertRuns);
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
        BenchmarkSupport.reportAndExit(measure(what, n));
    }

    /** One measurement ({@code queue} or {@code insert}) in this JVM, on a fresh store in a temporary directory. */
    static Map<String, Object> measure(String what, int n) throws Exception {
        Path dir = Files.createTempDirectory("qiandai-bench-queue");
        Map<String, Object> result = new LinkedHashMap<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            MongoTemplate mongo = new MongoTemplate(client, "qiandai");
            Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
            // the application's own wiring on its embedded store: reads of contacts, the list and the send log in process
            InProcessReads inProcess = InProcessReads.of(store);
            Deliveries deliveries = Deliveries.create(mongo, event -> { }, clock, inProcess);
            StoreDurability durability = StoreDurability.of(store);
            // Both measurements start from the same store: n contacts stored as an import leaves them, every 100th
            // number on the do-not-contact list, one segment matching everyone. Written before the clock starts.
            PhoneCrypto crypto = PhoneCrypto.withKey(new byte[32]);
            long s0 = System.nanoTime();
            GeneratedContacts.insert(mongo, crypto, n, DISTRICTS, LocalDate.now(clock).getYear(), clock.instant());
            fillDoNotContact(mongo, crypto, n);
            Segments segments = Segments.create(mongo, clock);
            String everyone = segments.save(new SegmentDraft("全部", null, SegmentRule.ageBetween(0, 120), null, null), "bench").id();
            durability.commit();
            result.put("setupSeconds", BenchmarkSupport.seconds(s0));
            if (what.equals("queue")) {
                StaticListableBeanFactory beans = new StaticListableBeanFactory();
                beans.addBean("audience", SegmentAudience.create(segments, mongo, inProcess, clock, 1000));
                beans.addBean("dnc", DoNotContactService.create(mongo, crypto, clock, inProcess));
                beans.addBean("templates", new Templates());
                beans.addBean("campaigns", new Campaigns(everyone));
                StandardEnvironment env = new StandardEnvironment();
                PushRules rules = new PushRules(env, clock);
                PushStore pushStore = new PushStore(mongo);
                Pushes pushes = new Pushes(pushStore, deliveries, rules, beans.getBeanProvider(CampaignLifecycle.class),
                        beans.getBeanProvider(WarningTemplates.class), beans.getBeanProvider(ContactAudience.class),
                        beans.getBeanProvider(DoNotContactList.class), beans.getBeanProvider(ChannelCatalog.class), event -> { }, clock, 1000, "96110");
                PushScheduler scheduler = new PushScheduler(pushes, pushStore, deliveries, durability, event -> { }, clock, false,
                        java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10));
                // a channel without quiet hours, so that the push is due at once whatever the hour
                env.getSystemProperties().put("qiandai.quiet-hours.sms-bench", "");
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                PushView push = pushes.create("bench", new PushRequest("sms-bench", "tpl", List.of(everyone), null), "bench");
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
                // the ids a push and its segment get, so that every field has the length it has in the queued record
                String pushId = RecordIds.next("push", clock.instant());
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                List<Document> chunk = new ArrayList<>(1000);
                Date now = new Date();
                long inserted = 0;
                for (int i = 0; i < n; i++) {
                    if (!accepted(i)) {
                        continue; // as many records as the push queues
                    }
                    // a contact id (the number's keyed hash), and an encrypted number, of the real lengths, ascending as
                    // the push writes them (it reads its audience in id order), without paying for hashing and encryption
                    String contactId = padded(i, 43);
                    String district = DISTRICTS.get(i % DISTRICTS.size());
                    chunk.add(Deliveries.document(new NewDelivery(NewDelivery.idOf(pushId, 0, contactId), pushId, 0, "bench",
                            "sms-bench", "tpl", contactId, contactId, "v1:" + padded(i, 53), "zh-CN", district,
                            "【包头公安】" + district + "的居民：警惕养老投资骗局，疑似诈骗请拨打96110。", everyone), now));
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
        return result;
    }

    /** {@code i} in decimal, zero-padded to {@code width} digits: cheap enough not to weigh on the baseline it is timed in. */
    static String padded(int i, int width) {
        char[] digits = new char[width];
        java.util.Arrays.fill(digits, '0');
        for (int at = width - 1; i > 0 && at >= 0; at--, i /= 10) {
            digits[at] = (char) ('0' + i % 10);
        }
        return new String(digits);
    }

    /** Whether generated contact {@code i} is queued: a mobile not on the do-not-contact list. */
    static boolean accepted(int i) {
        return !GeneratedContacts.isLandline(i) && !onDoNotContactList(i);
    }

    private static boolean onDoNotContactList(int i) {
        return i % 100 == 7;
    }

    /** Every 100th generated number on the do-not-contact list, as the list stores it (keyed by the number's hash). */
    private static void fillDoNotContact(MongoTemplate mongo, PhoneCrypto crypto, int n) {
        MongoCollection<Document> dnc = mongo.getCollection("dnc");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!onDoNotContactList(i)) {
                continue;
            }
            docs.add(new Document("_id", crypto.hash(GeneratedContacts.phone(i))).append("reason", "bench").append("source", "manual")
                    .append("at", new Date()));
            if (docs.size() == 1000) {
                dnc.insertMany(docs);
                docs.clear();
            }
        }
        if (!docs.isEmpty()) {
            dnc.insertMany(docs);
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
        private CampaignView campaign;

        Campaigns(String segmentId) {
            campaign = new CampaignView("bench", "bench", "bench", LocalDate.now(), LocalDate.now().plusDays(30), DISTRICTS,
                    List.of(segmentId), "bench", CampaignStatus.APPROVED);
        }

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
