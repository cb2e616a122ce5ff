package org.qiandai.targeting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * {@code java -jar qiandai.jar bench profiles [--cases 10000,100000,1000000] [--heap 2g] [--compare-k 8]}
 * <p>
 * For each size, in a fresh JVM with {@code -Xmx2g} so that heap peaks are the run's own: generates the cases in
 * memory ({@link DemoCaseGenerator}, seed 42), then times a full profiling run ({@link VictimProfiler#profile}: encoding,
 * choosing k, clustering, stability, profiles, projection) with k chosen automatically, and, on the same encoded data
 * the final fit uses (all cases up to 200,000, else a 200,000 sample), the final k-means alone: Smile with the engine's
 * restarts, and in another fresh JVM the baseline, Apache Commons Math's {@code KMeansPlusPlusClusterer} with the same
 * k, restarts and iteration limit. The two k-means are compared at a fixed k ({@code --compare-k}, default 8: the
 * generator's eight victim groups), so the comparison does not depend on the k the run chose. Prints a Markdown table.
 */
public final class ProfilingBenchmark {

    private static final long SEED = 42;
    private static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 6, 30);
    private static final String RESULT = "RESULT ";

    private ProfilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0);
            return;
        }
        Map<String, String> options = options(args);
        List<Integer> sizes = Stream.of(options.getOrDefault("cases", "10000,100000,1000000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        String heap = options.getOrDefault("heap", "2g");
        int compareK = Integer.parseInt(options.getOrDefault("compare-k", "8"));
        StringBuilder table = new StringBuilder();
        table.append("| cases | full run s | k chosen | peak heap / live (-Xmx").append(heap).append(") | fit on | Smile k-means s (k = ").append(compareK).append(")")
                .append(" | Commons Math k-means++ s | CM ÷ Smile | CM peak heap | distortion Smile / CM |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (int n : sizes) {
            Map<String, String> run = runChild("profile", n, compareK, heap);
            Map<String, String> base = runChild("baseline", n, compareK, heap);
            double smile = Double.parseDouble(run.getOrDefault("smileSeconds", "NaN"));
            double cm = Double.parseDouble(base.getOrDefault("seconds", "NaN"));
            table.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %,d | %.1f | %s | %s | %s | %s / %s |%n",
                    n, run.getOrDefault("seconds", run.getOrDefault("error", "failed")), run.getOrDefault("k", "—"), heap(run),
                    Integer.parseInt(run.getOrDefault("fitRows", "0")), smile,
                    base.containsKey("seconds") ? String.format(Locale.ROOT, "%.1f", cm) : base.getOrDefault("error", "failed"),
                    base.containsKey("seconds") ? String.format(Locale.ROOT, "%.1f×", cm / smile) : "—",
                    base.containsKey("peakHeap") ? megabytes(base.get("peakHeap")) : "—",
                    run.getOrDefault("smileDistortion", "—"), base.getOrDefault("distortion", "—")));
        }
        System.out.println();
        System.out.println(table);
    }

    private static Map<String, String> runChild(String what, int n, int k, String heap) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx" + heap, "-XX:+UseG1GC"));
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath, "bench", "profiles", "child"));
        } else {
            command.addAll(List.of("-cp", classPath, ProfilingBenchmark.class.getName(), "child"));
        }
        command.addAll(List.of(what, Integer.toString(n), Integer.toString(k)));
        System.out.printf("%s %,d cases with -Xmx%s …%n", what, n, heap);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> result = new LinkedHashMap<>();
        StringBuilder tail = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(RESULT)) {
                    for (String pair : line.substring(RESULT.length()).split(" ")) {
                        int eq = pair.indexOf('=');
                        result.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                } else if (line.contains("OutOfMemoryError")) {
                    result.put("error", "OutOfMemoryError");
                } else {
                    tail.append(line).append('\n');
                    if (tail.length() > 4000) {
                        tail.delete(0, tail.length() - 4000);
                    }
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 && !result.containsKey("error")) {
            result.put("error", "exit " + exit);
            System.out.println(tail);
        }
        System.out.println("  " + result);
        return result;
    }

    private static void child(String what, int n, int k) {
        LoggingSystem logging = LoggingSystem.get(ProfilingBenchmark.class.getClassLoader());
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        logging.setLogLevel("smile", LogLevel.WARN);
        List<CaseRecord> cases = new DemoCaseGenerator(SEED, REFERENCE_DATE).generate(n);
        Map<String, Object> result = new LinkedHashMap<>();
        List<CaseFeature> features = CaseFeature.defaults().stream().sorted().toList();
        switch (what) {
            case "profile" -> {
                resetPeaks();
                long t0 = System.nanoTime();
                ProfilingOutcome outcome = new VictimProfiler().profile(cases, ProfileParameters.of(null, null, SEED), ProfilingProgress.NONE);
                result.put("seconds", seconds(t0));
                result.put("k", outcome.k());
                result.put("peakHeap", peakHeap());
                result.put("liveHeap", liveHeap());
                result.put("meanSquaredDistance", String.format(Locale.ROOT, "%.4f", outcome.quality().get("meanSquaredDistance")));
                // the final k-means alone, as the engine runs it, for the comparison with the baseline
                double[][] data = fitData(cases, features);
                long t1 = System.nanoTime();
                KMeansFits.Fit fit = new KMeansFits(data).best(k, restarts(data), KMeansFits.mix(SEED, 4, k), () -> { });
                result.put("smileSeconds", seconds(t1));
                result.put("smileDistortion", String.format(Locale.ROOT, "%.0f", fit.distortion()));
                result.put("fitRows", data.length);
            }
            case "baseline" -> {
                double[][] data = fitData(cases, features);
                List<DoublePoint> points = new ArrayList<>(data.length);
                for (double[] row : data) {
                    points.add(new DoublePoint(row));
                }
                resetPeaks();
                long t0 = System.nanoTime();
                JDKRandomGenerator random = new JDKRandomGenerator();
                random.setSeed(SEED);
                KMeansPlusPlusClusterer<DoublePoint> clusterer = new KMeansPlusPlusClusterer<>(k, KMeansFits.MAX_ITERATIONS,
                        new org.apache.commons.math3.ml.distance.EuclideanDistance(), random);
                List<CentroidCluster<DoublePoint>> clusters = new MultiKMeansPlusPlusClusterer<>(clusterer, restarts(data)).cluster(points);
                result.put("seconds", seconds(t0));
                double distortion = 0;
                for (CentroidCluster<DoublePoint> c : clusters) {
                    double[] centre = c.getCenter().getPoint();
                    for (DoublePoint p : c.getPoints()) {
                        distortion += smile.math.MathEx.squaredDistance(p.getPoint(), centre);
                    }
                }
                result.put("distortion", String.format(Locale.ROOT, "%.0f", distortion));
                result.put("peakHeap", peakHeap());
                result.put("liveHeap", liveHeap());
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + what);
        }
        StringBuilder line = new StringBuilder(RESULT);
        result.forEach((key, v) -> line.append(key).append('=').append(v).append(' '));
        System.out.println(line.toString().trim());
        System.exit(0);
    }

    /** The rows the engine's final fit uses: all cases up to its fit sample size, else the same sample. */
    private static double[][] fitData(List<CaseRecord> cases, List<CaseFeature> features) {
        EncodedCases encoded = CaseEncoder.encode(cases, features);
        return encoded.rows(ProfilingEngine.sample(encoded.n, ProfilingEngine.FIT_SAMPLE, KMeansFits.mix(SEED, 12, 0)));
    }

    private static int restarts(double[][] data) {
        return data.length <= KSelector.SAMPLE ? ProfilingEngine.RESTARTS_SMALL : ProfilingEngine.RESTARTS_LARGE;
    }

    /** Samples the heap every 10 ms: the most it held (garbage included) and the most it held after a collection. */
    private static final class HeapSampler {
        private static volatile long peakUsed;
        private static volatile long peakLive;

        static {
            Thread sampler = new Thread(() -> {
                while (true) {
                    sample();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static synchronized void sample() {
            long used = 0;
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    used += pool.getUsage().getUsed();
                    live += pool.getCollectionUsage() == null ? 0 : pool.getCollectionUsage().getUsed();
                }
            }
            peakUsed = Math.max(peakUsed, used);
            peakLive = Math.max(peakLive, live);
        }

        static synchronized void reset() {
            peakUsed = 0;
            peakLive = 0;
        }
    }

    private static void resetPeaks() {
        System.gc();
        HeapSampler.reset();
    }

    private static long peakHeap() {
        HeapSampler.sample();
        return HeapSampler.peakUsed;
    }

    private static long liveHeap() {
        System.gc();
        HeapSampler.sample();
        return HeapSampler.peakLive;
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String heap(Map<String, String> result) {
        return megabytes(result.get("peakHeap")) + " / " + megabytes(result.get("liveHeap"));
    }

    private static String megabytes(String bytes) {
        return bytes == null ? "—" : String.format(Locale.ROOT, "%,d MB", Long.parseLong(bytes) / (1024 * 1024));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                int eq = key.indexOf('=');
                if (eq > 0) {
                    options.put(key.substring(0, eq), key.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    options.put(key, args[++i]);
                }
            }
        }
        return options;
    }
}
