package org.qiandai.campaign.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs each measurement of a {@code bench} command in a fresh JVM with the heap its goal names, so that heap peaks
 * are that measurement's own, and reads back the one {@code RESULT key=value …} line the child prints.
 * A child is started as {@code java -jar qiandai.jar bench <name> child …} from the application jar, or with the
 * benchmark's main class on the class path when run from a build.
 */
public final class BenchmarkSupport {

    private static final String RESULT = "RESULT ";
    private static final String TASKSET = "/usr/bin/taskset";

    private BenchmarkSupport() {
    }

    /** {@code --key value} and {@code --key=value} pairs. */
    public static Map<String, String> options(String[] args) {
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

    /**
     * Runs {@code bench <bench> child <childArgs…>} in a new JVM with {@code -Xmx<heap>}; answers the child's result,
     * or {@code error} (OutOfMemoryError, or the exit code with the child's last output printed).
     */
    public static Map<String, String> runChild(String bench, Class<?> mainClass, String heap, List<String> childArgs, String description)
            throws IOException, InterruptedException {
        return runChild(bench, mainClass, heap, false, childArgs, description);
    }

    /**
     * As {@link #runChild(String, Class, String, List, String)}; with {@code oneCore} the child runs on one core: pinned
     * to CPU 0 with {@code taskset} where it exists (the result's {@code pinned} says whether it did), told it has one
     * processor ({@code -XX:ActiveProcessorCount=1}) and collecting with the serial collector, so that neither the
     * measured work nor the JVM's own threads use a second core.
     */
    public static Map<String, String> runChild(String bench, Class<?> mainClass, String heap, boolean oneCore, List<String> childArgs,
                                               String description) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        boolean pinned = oneCore && new File(TASKSET).canExecute();
        if (pinned) {
            command.addAll(List.of(TASKSET, "-c", "0"));
        }
        command.addAll(List.of(javaBin, "-Xmx" + heap));
        command.addAll(oneCore ? List.of("-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC") : List.of("-XX:+UseG1GC"));
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath, "bench", bench, "child"));
        } else {
            command.addAll(List.of("-cp", classPath, mainClass.getName(), "child"));
        }
        command.addAll(childArgs);
        System.out.printf("%s with -Xmx%s%s …%n", description, heap, oneCore ? (pinned ? " on CPU 0" : " on one processor") : "");
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
        if (oneCore) {
            result.put("pinned", Boolean.toString(pinned));
        }
        if (exit != 0 && !result.containsKey("error")) {
            result.put("error", "exit " + exit);
            System.out.println(tail);
        }
        System.out.println("  " + result);
        return result;
    }

    /** Work on a fresh embedded store. */
    public interface StoreWork {
        void run(org.qiandai.campaign.store.EmbeddedMongoStore store, org.springframework.data.mongodb.core.MongoTemplate mongo) throws Exception;
    }

    /**
     * Runs {@code work} on a fresh embedded store on an H2 file in a new temporary directory (database {@code qiandai}),
     * then closes the store and deletes the directory.
     */
    public static void withTemporaryStore(String prefix, StoreWork work) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(prefix);
        try (org.qiandai.campaign.store.EmbeddedMongoStore store = org.qiandai.campaign.store.EmbeddedMongoStore.onFile(dir.resolve("qiandai.mv.db"));
             com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(store.connectionString("qiandai"))) {
            work.run(store, new org.springframework.data.mongodb.core.MongoTemplate(client, "qiandai"));
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The run with the median time, {@code seconds} (the slower middle one for an even count). */
    public static Map<String, String> median(List<Map<String, String>> runs) {
        List<Map<String, String>> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(r -> Double.parseDouble(r.getOrDefault("seconds", "Infinity"))));
        return sorted.get(sorted.size() / 2);
    }

    /** In a child: prints its result for the parent, with the heap peaks, and ends the JVM. */
    public static void reportAndExit(Map<String, Object> result) {
        result.putIfAbsent("peakHeap", peakHeap());
        result.putIfAbsent("liveHeap", liveHeap());
        StringBuilder line = new StringBuilder(RESULT);
        result.forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
        System.out.println(line.toString().trim());
        System.exit(0);
    }

    /** Collects garbage and starts the heap peaks anew: call just before the measured work. */
    public static void resetPeaks() {
        System.gc();
        HeapSampler.reset();
    }

    /** The most heap held since {@link #resetPeaks()}, garbage included (so bounded by -Xmx). */
    public static long peakHeap() {
        HeapSampler.sample();
        return HeapSampler.peakUsed;
    }

    /** The most heap still held after a collection since {@link #resetPeaks()}: what the work really needed. */
    public static long liveHeap() {
        System.gc();
        HeapSampler.sample();
        return HeapSampler.peakLive;
    }

    public static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** "peak / live" in MB from a child's result. */
    public static String heap(Map<String, String> result) {
        return megabytes(result.get("peakHeap")) + " / " + megabytes(result.get("liveHeap"));
    }

    public static String megabytes(String bytes) {
        return bytes == null ? "—" : String.format(Locale.ROOT, "%,d MB", Long.parseLong(bytes) / (1024 * 1024));
    }

    /** Samples the heap every 10 ms: pool usage (garbage included) and usage after the last collection. */
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
}
