package org.qiandai.targeting;

import java.io.IOException;
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
import org.qiandai.campaign.bench.BenchmarkSupport;
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

    private ProfilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0);
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
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
                    n, run.getOrDefault("seconds", run.getOrDefault("error", "failed")), run.getOrDefault("k", "—"), BenchmarkSupport.heap(run),
                    Integer.parseInt(run.getOrDefault("fitRows", "0")), smile,
                    base.containsKey("seconds") ? String.format(Locale.ROOT, "%.1f", cm) : base.getOrDefault("error", "failed"),
                    base.containsKey("seconds") ? String.format(Locale.ROOT, "%.1f×", cm / smile) : "—",
                    base.containsKey("peakHeap") ? BenchmarkSupport.megabytes(base.get("peakHeap")) : "—",
                    run.getOrDefault("smileDistortion", "—"), base.getOrDefault("distortion", "—")));
        }
        System.out.println();
        System.out.println(table);
    }

    private static Map<String, String> runChild(String what, int n, int k, String heap) throws IOException, InterruptedException {
        return BenchmarkSupport.runChild("profiles", ProfilingBenchmark.class, heap,
                List.of(what, Integer.toString(n), Integer.toString(k)), String.format(Locale.ROOT, "%s %,d cases", what, n));
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
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                ProfilingOutcome outcome = new VictimProfiler().profile(cases, ProfileParameters.of(null, null, SEED), ProfilingProgress.NONE);
                result.put("seconds", BenchmarkSupport.seconds(t0));
                result.put("k", outcome.k());
                result.put("peakHeap", BenchmarkSupport.peakHeap());
                result.put("liveHeap", BenchmarkSupport.liveHeap());
                result.put("meanSquaredDistance", String.format(Locale.ROOT, "%.4f", outcome.quality().get("meanSquaredDistance")));
                // the final k-means alone, as the engine runs it, for the comparison with the baseline
                double[][] data = fitData(cases, features);
                long t1 = System.nanoTime();
                KMeansFits.Fit fit = new KMeansFits(data).best(k, restarts(data), KMeansFits.mix(SEED, 4, k), () -> { });
                result.put("smileSeconds", BenchmarkSupport.seconds(t1));
                result.put("smileDistortion", String.format(Locale.ROOT, "%.0f", fit.distortion()));
                result.put("fitRows", data.length);
            }
            case "baseline" -> {
                double[][] data = fitData(cases, features);
                List<DoublePoint> points = new ArrayList<>(data.length);
                for (double[] row : data) {
                    points.add(new DoublePoint(row));
                }
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                JDKRandomGenerator random = new JDKRandomGenerator();
                random.setSeed(SEED);
                KMeansPlusPlusClusterer<DoublePoint> clusterer = new KMeansPlusPlusClusterer<>(k, KMeansFits.MAX_ITERATIONS,
                        new org.apache.commons.math3.ml.distance.EuclideanDistance(), random);
                List<CentroidCluster<DoublePoint>> clusters = new MultiKMeansPlusPlusClusterer<>(clusterer, restarts(data)).cluster(points);
                result.put("seconds", BenchmarkSupport.seconds(t0));
                double distortion = 0;
                for (CentroidCluster<DoublePoint> c : clusters) {
                    double[] centre = c.getCenter().getPoint();
                    for (DoublePoint p : c.getPoints()) {
                        distortion += smile.math.MathEx.squaredDistance(p.getPoint(), centre);
                    }
                }
                result.put("distortion", String.format(Locale.ROOT, "%.0f", distortion));
                result.put("peakHeap", BenchmarkSupport.peakHeap());
                result.put("liveHeap", BenchmarkSupport.liveHeap());
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + what);
        }
        BenchmarkSupport.reportAndExit(result);
    }

    /** The rows the engine's final fit uses: all cases up to its fit sample size, else the same sample. */
    private static double[][] fitData(List<CaseRecord> cases, List<CaseFeature> features) {
        EncodedCases encoded = CaseEncoder.encode(cases, features);
        return encoded.rows(ProfilingEngine.sample(encoded.n, ProfilingEngine.FIT_SAMPLE, KMeansFits.mix(SEED, 12, 0)));
    }

    private static int restarts(double[][] data) {
        return data.length <= KSelector.SAMPLE ? ProfilingEngine.RESTARTS_SMALL : ProfilingEngine.RESTARTS_LARGE;
    }


}
