package org.qiandai.campaign.bulletins;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.jsoup.Jsoup;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.cases.CaseDistricts;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.StoreDurability;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

/**
 * {@code java -jar qiandai.jar bench bulletins [--size 200KB] [--seconds 10] [--repeat 3]} (or {@code main} of this
 * class with campaign-core's class path).
 * <p>
 * Pages per second for one multi-case page of {@code --size} ({@link BenchmarkPages}: a police site's page with its
 * scripts, navigation and side bar around weekly bulletin lines, 案例 stories, summary sentences and a case table), each
 * measurement in a fresh JVM on one core ({@code taskset -c 0} where it exists, {@code -XX:ActiveProcessorCount=1},
 * the serial collector), {@code -Xmx512m}, after 10 s of warm-up (one compiler thread on one core takes that long):
 * <ul>
 *   <li><b>read</b> — {@link BulletinReader}, what {@code POST /api/cases/bulletins} does before it keeps the result:
 *       decoding the bytes, jsoup, finding the cases and reading their fields;</li>
 *   <li><b>jsoup parse</b> (baseline) — {@code Jsoup.parse} of the same page's text alone: what any jsoup-based reader
 *       pays at least;</li>
 *   <li><b>read and keep</b> — read, then the bulletin with its drafts inserted into a fresh embedded store on an H2 file
 *       (distinct pages, so none is refused as already read), committed at the end: the endpoint without HTTP.</li>
 * </ul>
 * Read and parse alternate page by page in the same JVM, so that both meet the same conditions; each is timed by the
 * wall clock and by the thread's CPU time. On a machine whose other core (or hyperthread) is busy, the process gets only
 * a share of its core ({@code CPU share}): the wall-clock rate then understates what a core of its own would do, and the
 * ratio to the parse is what stays comparable. {@code --repeat} runs, one row each, the median in bold. Goal (issue 7):
 * reading at least 50 pages per second of a 200 KB page on one core.
 */
public final class BulletinBenchmark {

    /** Warm-up before measuring: with one core the JIT's single thread needs about this long to compile the hot code. */
    private static final long WARM_UP_NANOS = 10_000_000_000L;

    private BulletinBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        int bytes = (int) DataSize.parse(options.getOrDefault("size", "200KB").replace(" ", "")).toBytes();
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "3"));
        List<Map<String, String>> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            runs.add(run("read", bytes, seconds));
        }
        Map<String, String> kept = run("keep", bytes, seconds);
        Map<String, String> median = median(runs);
        StringBuilder table = new StringBuilder();
        table.append("| page | cases on it | read pages/s | read pages per CPU-second | jsoup parse pages/s | parse pages per CPU-second | "
                + "read ÷ parse (CPU time) | read and keep pages/s (per CPU-second) | read heap peak / live | CPU share | pinned |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, String> r : runs) {
            table.append(row(r, r == median ? "**" : "", kept));
        }
        System.out.println();
        System.out.println(table);
        System.out.println("(one row per run, the median by read time in bold; read and keep measured once)");
    }

    private static String row(Map<String, String> r, String bold, Map<String, String> kept) {
        double readCpu = number(r, "readCpuRate");
        double parseCpu = number(r, "parseCpuRate");
        return String.format(Locale.ROOT, "| %,d KB | %s | %s%.1f%s | %s%.1f%s | %.1f | %.1f | %.1f | %.1f (%.1f) | %s | %s | %s |%n",
                Long.parseLong(r.getOrDefault("bytes", "0")) / 1024, r.getOrDefault("cases", "—"), bold, number(r, "readRate"), bold,
                bold, readCpu, bold, number(r, "parseRate"), parseCpu, parseCpu / readCpu, number(kept, "rate"), number(kept, "cpuRate"),
                BenchmarkSupport.heap(r), r.getOrDefault("cpuShare", "—"), r.getOrDefault("pinned", "false"));
    }

    private static double number(Map<String, String> result, String key) {
        return Double.parseDouble(result.getOrDefault(key, "NaN"));
    }

    private static Map<String, String> run(String what, int bytes, int seconds) throws Exception {
        return BenchmarkSupport.runChild("bulletins", BulletinBenchmark.class, "512m", true,
                List.of(what, Integer.toString(bytes), Integer.toString(seconds)),
                String.format(Locale.ROOT, "%s a %,d KB page for %d s", what, bytes / 1024, seconds));
    }

    private static Map<String, String> median(List<Map<String, String>> runs) {
        List<Map<String, String>> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(number(a, "readCpuRate"), number(b, "readCpuRate")));
        return sorted.get(sorted.size() / 2);
    }

    private static void child(String what, int bytes, int seconds) throws Exception {
        Lexicon lexicon = VocabularySource.bundled(CaseDistricts.BAOTOU);
        BulletinReader reader = new BulletinReader(BulletinLimits.defaults(), lexicon);
        byte[] page = BenchmarkPages.page(bytes, 1);
        String text = new String(page, StandardCharsets.UTF_8);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bytes", page.length);
        result.put("cases", reader.read(page, "bench.html", null).cases().size());
        if (what.equals("keep")) {
            keep(reader, bytes, seconds, result);
            BenchmarkSupport.reportAndExit(result);
            return;
        }
        // read and parse alternate, page by page, so that both meet the same conditions on a shared machine
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUntil) {
            reader.read(page, "bench.html", null);
            Jsoup.parse(text);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Clocks clocks = new Clocks(seconds);
        long readWall = 0;
        long readCpu = 0;
        long parseWall = 0;
        long parseCpu = 0;
        long pages = 0;
        while (clocks.running()) {
            long w0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            reader.read(page, "bench.html", null);
            long w1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            Jsoup.parse(text);
            readWall += w1 - w0;
            readCpu += c1 - c0;
            parseWall += System.nanoTime() - w1;
            parseCpu += threads.getCurrentThreadCpuTime() - c1;
            pages++;
        }
        clocks.report(pages, result);
        result.put("readRate", String.format(Locale.ROOT, "%.2f", pages / (readWall / 1e9)));
        result.put("readCpuRate", String.format(Locale.ROOT, "%.2f", pages / (readCpu / 1e9)));
        result.put("parseRate", String.format(Locale.ROOT, "%.2f", pages / (parseWall / 1e9)));
        result.put("parseCpuRate", String.format(Locale.ROOT, "%.2f", pages / (parseCpu / 1e9)));
        BenchmarkSupport.reportAndExit(result);
    }

    /** Wall-clock and process CPU time of the measured work, started at once (after the heap peaks are reset). */
    private static final class Clocks {
        private final long cpu;
        private final long start;
        private final long until;

        Clocks(int seconds) {
            BenchmarkSupport.resetPeaks();
            this.cpu = processCpuNanos();
            this.start = System.nanoTime();
            this.until = start + seconds * 1_000_000_000L;
        }

        boolean running() {
            return System.nanoTime() < until;
        }

        /** Pages per wall-clock second, per CPU-second of the process, and the share of its core the process got. */
        void report(long pages, Map<String, Object> result) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            result.put("pages", pages);
            result.put("rate", String.format(Locale.ROOT, "%.2f", pages / elapsed));
            result.put("cpuRate", String.format(Locale.ROOT, "%.2f", pages / cpuSeconds));
            result.put("cpuShare", String.format(Locale.ROOT, "%.2f", cpuSeconds / elapsed));
        }
    }

    /** CPU time of the whole process (the measured thread, the collector, the compiler), which contention does not inflate. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Reads distinct pages and keeps each in a fresh embedded store on an H2 file, for about {@code seconds}. */
    private static void keep(BulletinReader reader, int bytes, int seconds, Map<String, Object> result) throws Exception {
        Path dir = Files.createTempDirectory("qiandai-bench-bulletins");
        int count = Math.max(20, seconds * 10);
        List<byte[]> pages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pages.add(BenchmarkPages.page(bytes, 1000 + i));
        }
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            BulletinStore bulletins = new BulletinStore(new MongoTemplate(client, "qiandai"));
            StoreDurability durability = StoreDurability.of(store);
            for (int i = 0; i < 3; i++) { // warm-up on pages of their own
                bulletins.insert(Bulletins.document(reader.read(BenchmarkPages.page(bytes, 10 + i), "warm.html", null), null, "warm.html",
                        "bench", Instant.now()));
            }
            Clocks clocks = new Clocks(seconds);
            int kept = 0;
            while (kept < pages.size() && clocks.running()) {
                if (!bulletins.insert(Bulletins.document(reader.read(pages.get(kept), "bench.html", null), null, "bench.html", "bench",
                        Instant.now()))) {
                    throw new IllegalStateException("page " + kept + " was refused as already kept");
                }
                kept++;
            }
            durability.commit();
            clocks.report(kept, result);
        }
    }
}
