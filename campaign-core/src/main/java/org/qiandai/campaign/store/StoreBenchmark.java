package org.qiandai.campaign.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.qiandai.campaign.bench.BenchmarkSupport;

/**
 * {@code java -jar qiandai.jar bench store [--documents 100000] [--repeat 3] [--heap 512m]}: the embedded store's own
 * rates, mongo-java-server's stock H2 backend against the one the application runs ({@link KeyAwareH2Backend}), each in
 * a fresh JVM on a fresh H2 file, alternating. On delivery-shaped documents ({@code _id = push:occurrence:contact},
 * 14 fields): unordered {@code insertMany} in batches of 1,000 (ids ascending, as a push writes them); one pass of
 * conditional updates by {@code {_id, status}} of every 100th document in unordered bulk writes of 1,000 (as a dispatcher
 * marks messages sent); reading everything in keyset pages of 1,000 ({@code _id > last}, sorted, limited); and
 * {@code _id $in} lookups of 1,000 ids at a time. The stock backend scans the whole collection for each conditional
 * update and each page, so it updates every 1,000th document and reads the first tenth: the rate per document is what
 * is compared. Each phase ends with a commit. Prints a Markdown table of documents per second (medians).
 */
public final class StoreBenchmark {

    private static final List<String> PHASES = List.of("insert", "update", "page", "lookup");
    /** The result naming how many documents a phase handled, where it is not all of them. */
    private static final Map<String, String> COUNTS = Map.of("update", "updated", "page", "paged");

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("child")) {
            BenchmarkSupport.reportAndExit(measure(args[1], Integer.parseInt(args[2])));
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        int n = Integer.parseInt(options.getOrDefault("documents", "100000"));
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "3"));
        String heap = options.getOrDefault("heap", "512m");
        Map<String, List<Map<String, String>>> runs = new LinkedHashMap<>();
        for (int run = 0; run < repeat; run++) {
            for (String backend : List.of("stock", "key-aware")) {
                runs.computeIfAbsent(backend, b -> new ArrayList<>()).add(BenchmarkSupport.runChild("store", StoreBenchmark.class, heap,
                        List.of(backend, Integer.toString(n)), String.format(Locale.ROOT, "%s backend, %,d documents", backend, n)));
            }
        }
        StringBuilder table = new StringBuilder("| backend (median of " + repeat + ") |");
        PHASES.forEach(p -> table.append(' ').append(p).append(" docs/s |"));
        table.append("\n|---|").append("---:|".repeat(PHASES.size())).append('\n');
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (var entry : runs.entrySet()) {
            Map<String, Double> rates = new LinkedHashMap<>();
            table.append("| ").append(entry.getKey()).append(" |");
            for (String phase : PHASES) {
                String count = COUNTS.get(phase);
                double rate = entry.getValue().stream()
                        .mapToDouble(r -> (count == null ? n : Double.parseDouble(r.getOrDefault(count, "NaN"))) / Double.parseDouble(r.getOrDefault(phase, "NaN")))
                        .sorted().skip(entry.getValue().size() / 2).findFirst().orElse(Double.NaN);
                rates.put(phase, rate);
                table.append(String.format(Locale.ROOT, rate < 100 ? " %.2f |" : " %,.0f |", rate));
            }
            medians.put(entry.getKey(), rates);
            table.append('\n');
        }
        table.append("| key-aware ÷ stock |");
        for (String phase : PHASES) {
            table.append(String.format(Locale.ROOT, " **%,.1f×** |", medians.get("key-aware").get(phase) / medians.get("stock").get(phase)));
        }
        System.out.println();
        System.out.println(table);
    }

    static Map<String, Object> measure(String backendName, int n) throws Exception {
        Path dir = Files.createTempDirectory("qiandai-bench-store");
        Map<String, Object> result = new LinkedHashMap<>();
        MVStore mvStore = MVStore.open(dir.resolve("store.mv.db").toString());
        mvStore.setRetentionTime(EmbeddedMongoStore.RETENTION_MILLIS);
        H2Backend backend = backendName.equals("stock") ? new H2Backend(mvStore) : new KeyAwareH2Backend(mvStore);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            MongoCollection<Document> deliveries = client.getDatabase("bench").getCollection("deliveries");
            Date now = new Date();
            long t = System.nanoTime();
            List<Document> batch = new ArrayList<>(1000);
            for (int i = 0; i < n; i++) {
                batch.add(delivery(i, now));
                if (batch.size() == 1000 || i == n - 1) {
                    deliveries.insertMany(batch, new InsertManyOptions().ordered(false));
                    batch = new ArrayList<>(1000);
                }
            }
            backend.commit();
            result.put("insert", BenchmarkSupport.seconds(t));

            // the stock backend scans the collection for each conditional update and each page: it does a tenth of
            // the work, and its rate is per document all the same (each costs a full scan)
            boolean stock = backendName.equals("stock");
            int step = stock ? 1000 : 100;
            t = System.nanoTime();
            List<WriteModel<Document>> updates = new ArrayList<>(1000);
            long updated = 0;
            for (int i = 0; i < n; i += step) {
                updates.add(new UpdateOneModel<>(and(eq("_id", id(i)), in("status", List.of("QUEUED", "SENDING"))),
                        Updates.combine(Updates.set("status", "SENT"), Updates.set("providerId", "SM" + i), Updates.set("at.SENT", now))));
                if (updates.size() == 1000 || i + step >= n) {
                    updated += updates.size();
                    deliveries.bulkWrite(updates, new BulkWriteOptions().ordered(false));
                    updates = new ArrayList<>(1000);
                }
            }
            backend.commit();
            result.put("update", BenchmarkSupport.seconds(t));
            result.put("updated", updated);

            t = System.nanoTime();
            String last = "";
            long read = 0;
            while (read < (stock ? n / 10 : n)) {
                List<Document> page = deliveries.find(gt("_id", last)).sort(Sorts.ascending("_id")).limit(1000).into(new ArrayList<>(1000));
                if (page.isEmpty()) {
                    break;
                }
                read += page.size();
                last = page.get(page.size() - 1).getString("_id");
            }
            result.put("page", BenchmarkSupport.seconds(t));
            result.put("paged", read);

            t = System.nanoTime();
            long found = 0;
            for (int from = 0; from < n; from += 1000) {
                List<String> ids = new ArrayList<>(1000);
                for (int i = from; i < Math.min(n, from + 1000); i++) {
                    ids.add(id((int) ((i * 7919L) % n)));
                }
                found += deliveries.find(in("_id", ids)).projection(new Document("_id", 1)).into(new ArrayList<>()).size();
            }
            result.put("lookup", BenchmarkSupport.seconds(t));
            result.put("found", found);
        } finally {
            server.shutdownNow();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return result;
    }

    private static String id(int i) {
        return String.format("push-20261201-100000-abcdef:0:%043d", i);
    }

    private static Document delivery(int i, Date now) {
        return new Document("_id", id(i)).append("pushId", "push-20261201-100000-abcdef").append("occurrence", 0)
                .append("campaignId", "cmp-20261201-090000-123456").append("channel", "sms-twilio").append("templateId", "tpl-1")
                .append("contactId", String.format("%043d", i)).append("phoneHash", String.format("%043d", i))
                .append("encryptedPhone", String.format("v1:%053d", i)).append("language", "zh-CN").append("district", "东河区")
                .append("text", "【包头公安】东河区的居民：警惕养老投资骗局，疑似诈骗请拨打96110。").append("status", "QUEUED")
                .append("attempts", 0).append("at", new Document("QUEUED", now));
    }
}
