package org.qiandai.analytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.bson.Document;
import org.qiandai.analytics.effect.CaseTrends;
import org.qiandai.analytics.reach.Funnels;
import org.qiandai.analytics.reach.LiveCounting;
import org.qiandai.analytics.reach.ReachQueries;
import org.qiandai.analytics.reach.ReachQuery;
import org.qiandai.analytics.reach.ReachReport;
import org.qiandai.analytics.reach.ReachRow;
import org.qiandai.analytics.targets.Targets;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.demo.DemoHistory;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.store.StoreDurability;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code java -jar qiandai.jar bench analytics [--deliveries 1000000] [--reports 10000] [--people 250000] [--campaigns 25]
 * [--repeat 30] [--rebuilds 3] [--baseline 3] [--heap 2g]}.
 * <p>
 * In a fresh JVM ({@code -Xmx} as given) with campaign-core and analytics started on a fresh embedded store on an H2
 * file: a synthetic year of campaigns ({@link DemoHistory}: about {@code deliveries} delivery records for {@code people}
 * people, {@code reports} partner reports, activities and opt-outs) and 12,000 demo cases are written, then measured:
 * <ul>
 *   <li>a full rebuild of every counter ({@link AnalyticsRebuild}), {@code rebuilds} times;</li>
 *   <li>each call the dashboard makes (the code behind each endpoint, without HTTP), {@code repeat} times after a
 *       warm-up: the overview, reach by day, channel, district, segment, profile, week and month over the dashboard's
 *       default 30 days and over a whole year, the funnels, the targets and a campaign's effect;</li>
 *   <li>the baseline: the same figures (distinct people reached and warnings delivered, overall and by channel,
 *       district and day) computed on each request by aggregating the raw delivery records ({@code $match} +
 *       {@code $group} on {@code deliveries}), {@code baseline} times — and compared with the counters' figures.</li>
 * </ul>
 * Prints a Markdown table of p50 / p95 / max per call.
 */
public final class AnalyticsBenchmark {

    private AnalyticsBenchmark() {
    }

    /** campaign-core and analytics only, no web: what the benchmark starts. Not a component, so no application scan finds it. */
    @EnableAutoConfiguration
    @ComponentScan({"org.qiandai.campaign", "org.qiandai.analytics"})
    static class Context {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("child")) {
            child(BenchmarkSupport.options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        String heap = options.getOrDefault("heap", "2g");
        List<String> childArgs = new ArrayList<>();
        options.forEach((k, v) -> {
            if (!k.equals("heap")) {
                childArgs.add("--" + k);
                childArgs.add(v);
            }
        });
        Map<String, String> r = BenchmarkSupport.runChild("analytics", AnalyticsBenchmark.class, heap, childArgs,
                "analytics on " + options.getOrDefault("deliveries", "1000000") + " delivery records");
        if (r.containsKey("error")) {
            System.out.println("failed: " + r.get("error"));
            return;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nStore: %s delivery records, %s partner reports, %s activities, %s people, %s campaigns, %s cases "
                        + "(written in %s s). Heap peak / live (the embedded store runs in the same JVM): during the rebuilds %s / %s, "
                        + "over the whole run (the raw baseline's $group included) %s%n%n", r.get("deliveries"), r.get("partnerReports"),
                r.get("activities"), r.get("people"), r.get("campaigns"), r.get("cases"), r.get("setupSeconds"),
                BenchmarkSupport.megabytes(r.get("rebuildPeakHeap")), BenchmarkSupport.megabytes(r.get("rebuildLiveHeap")), BenchmarkSupport.heap(r)));
        out.append("| call | runs | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        List<String> calls = new ArrayList<>();
        r.keySet().stream().filter(k -> k.endsWith(".p95")).forEach(k -> calls.add(k.substring(0, k.length() - 4)));
        for (String call : calls) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s |%n", call.replace('_', ' '), r.get(call + ".runs"), r.get(call + ".p50"),
                    r.get(call + ".p95"), r.get(call + ".max")));
        }
        out.append(String.format(Locale.ROOT, "%nSame figures from the counters and from the raw records: %s%n", r.get("sameFigures")));
        System.out.println(out);
    }

    private static void child(Map<String, String> o) throws Exception {
        int deliveries = Integer.parseInt(o.getOrDefault("deliveries", "1000000"));
        int reports = Integer.parseInt(o.getOrDefault("reports", "10000"));
        int people = Integer.parseInt(o.getOrDefault("people", "250000"));
        int campaigns = Integer.parseInt(o.getOrDefault("campaigns", "25"));
        int repeat = Integer.parseInt(o.getOrDefault("repeat", "30"));
        int rebuilds = Integer.parseInt(o.getOrDefault("rebuilds", "3"));
        int baseline = Integer.parseInt(o.getOrDefault("baseline", "3"));
        Path dir = Files.createTempDirectory("qiandai-bench-analytics");
        Map<String, Object> result = new LinkedHashMap<>();
        SpringApplication app = new SpringApplication(Context.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        // as command-line arguments: they win over the application.properties on the class path (data-dir, demo on)
        String[] settings = {"--qiandai.data-dir=" + dir, "--qiandai.demo.enabled=false", "--qiandai.pushes.scheduler.enabled=false",
            "--qiandai.channels.partner-dispatch.enabled=false", "--qiandai.analytics.rebuild-when-needed=false",
            "--qiandai.analytics.schedules.enabled=false", "--qiandai.analytics.cases-refresh=3650d", "--spring.main.banner-mode=off",
            "--logging.level.root=WARN", "--logging.level.org.qiandai.analytics=INFO"};
        try (ConfigurableApplicationContext context = app.run(settings)) {
            MongoTemplate mongo = context.getBean(MongoTemplate.class);
            Clock clock = context.getBean(Clock.class);
            long s0 = System.nanoTime();
            DemoHistory.Summary s = new DemoHistory(mongo, context.getBean(Segments.class), null, null, clock, 20_241_201L)
                    .write(new DemoHistory.Size(people, deliveries, reports, campaigns));
            long cases = context.getBean(CaseImports.class).importRecords("bench", new DemoCaseGenerator(1, LocalDate.now(clock)).iterator(12_000), "bench")
                    .imported();
            context.getBean(StoreDurability.class).commit();
            result.put("setupSeconds", BenchmarkSupport.seconds(s0));
            result.put("deliveries", s.deliveries());
            result.put("partnerReports", s.partnerReports());
            result.put("activities", s.activities());
            result.put("people", s.people());
            result.put("campaigns", s.campaigns());
            result.put("cases", cases);
            BenchmarkSupport.resetPeaks();

            AnalyticsRebuild rebuild = context.getBean(AnalyticsRebuild.class);
            time(result, "full rebuild", rebuilds, 0, () -> rebuild.rebuild());
            context.getBean(LiveCounting.class).awaitIdle(java.time.Duration.ofMinutes(1));
            // the embedded store runs in this JVM: these peaks are the rebuild's and the store's together
            result.put("rebuildPeakHeap", BenchmarkSupport.peakHeap());
            result.put("rebuildLiveHeap", BenchmarkSupport.liveHeap());

            Dashboard dashboard = context.getBean(Dashboard.class);
            ReachQueries reach = context.getBean(ReachQueries.class);
            LocalDate today = LocalDate.now(clock);
            DashboardFilters month = dashboard.defaults(null, null, null, null);
            LocalDate yearAgo = today.minusDays(364);
            String campaign = context.getBean(Campaigns.class).list(null, null, null).stream()
                    .min(Comparator.comparing(CampaignDetails::from)).map(CampaignDetails::id).orElse(null);
            time(result, "overview (30 days)", repeat, 3, () -> dashboard.overview(month));
            for (String groupBy : List.of("day", "channel", "district", "segment", "profile", "week", "month")) {
                time(result, "reach by " + groupBy + " (30 days)", repeat, 3, () -> reach.reach(new ReachQuery(month.from(), month.to(), null, null, groupBy)));
            }
            for (String groupBy : List.of("day", "channel", "district", "segment", "month")) {
                time(result, "reach by " + groupBy + " (a year)", repeat, 3, () -> reach.reach(new ReachQuery(yearAgo, today, null, null, groupBy)));
            }
            time(result, "reach by district of one campaign (a year)", repeat, 3,
                    () -> reach.reach(new ReachQuery(yearAgo, today, campaign, null, "district")));
            time(result, "overview (a year)", repeat, 3, () -> dashboard.overview(new DashboardFilters(yearAgo, today, null, null)));
            time(result, "funnels (a year)", repeat, 3, () -> context.getBean(Funnels.class).of(null, yearAgo, today));
            time(result, "targets", repeat, 3, () -> context.getBean(Targets.class).ofYear(today.getYear()));
            time(result, "effect of a campaign", repeat, 3, () -> context.getBean(CaseTrends.class).effect(campaign, null, null));

            RawBaseline raw = new RawBaseline(mongo, clock.getZone());
            boolean same = true;
            for (String groupBy : java.util.Arrays.asList(null, "channel", "district", "day")) {
                String name = "baseline: reach " + (groupBy == null ? "overall" : "by " + groupBy) + " (30 days) from the raw records";
                Map<String, long[]> expected = time(result, name, baseline, 0, () -> raw.reach(month.from(), month.to(), groupBy));
                ReachReport counted = reach.reach(new ReachQuery(month.from(), month.to(), null, null, groupBy));
                same &= RawBaseline.same(expected, counted, groupBy);
            }
            result.put("sameFigures", same ? "yes" : "NO");
            result.put("peakHeap", BenchmarkSupport.peakHeap());
            result.put("liveHeap", BenchmarkSupport.liveHeap());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        BenchmarkSupport.reportAndExit(result);
    }

    /** Runs {@code work} {@code warmUp} times unmeasured, then {@code runs} times, recording p50, p95 and max in milliseconds. */
    private static <T> T time(Map<String, Object> result, String name, int runs, int warmUp, Supplier<T> work) {
        T last = null;
        for (int i = 0; i < warmUp; i++) {
            last = work.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            last = work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        String key = name.replace(' ', '_');
        result.put(key + ".runs", runs);
        result.put(key + ".p50", format(ms[(int) Math.ceil(0.50 * runs) - 1]));
        result.put(key + ".p95", format(ms[(int) Math.ceil(0.95 * runs) - 1]));
        result.put(key + ".max", format(ms[runs - 1]));
        System.out.printf(Locale.ROOT, "%s: p95 %s ms%n", name, format(ms[(int) Math.ceil(0.95 * runs) - 1]));
        return last;
    }

    private static String format(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    /**
     * The figures computed from the raw delivery records on each request, as a dashboard without counters would: one
     * aggregation over {@code deliveries} (records delivered in the period, grouped by group and person, then by
     * group). The embedded store reads every record for it: it has no index to answer a date range from.
     */
    static final class RawBaseline {
        private final MongoTemplate mongo;
        private final ZoneId zone;

        RawBaseline(MongoTemplate mongo, ZoneId zone) {
            this.mongo = mongo;
            this.zone = zone;
        }

        /** Group → {distinct people, delivered}. */
        Map<String, long[]> reach(LocalDate from, LocalDate to, String groupBy) {
            Date start = Date.from(from.atStartOfDay(zone).toInstant());
            Date end = Date.from(to.plusDays(1).atStartOfDay(zone).toInstant());
            Object group = groupBy == null ? "*" : groupBy.equals("day")
                    ? new Document("$dateToString", new Document("format", "%Y-%m-%d").append("date", "$at.DELIVERED").append("timezone", zone.getId()))
                    : "$" + groupBy;
            List<Document> pipeline = List.of(
                    new Document("$match", new Document("status", "DELIVERED").append("phoneHash", new Document("$ne", null))
                            .append("at.DELIVERED", new Document("$gte", start).append("$lt", end))),
                    new Document("$group", new Document("_id", new Document("g", group).append("p", "$phoneHash")).append("n", new Document("$sum", 1))),
                    new Document("$group", new Document("_id", "$_id.g").append("people", new Document("$sum", 1)).append("delivered", new Document("$sum", "$n"))));
            Map<String, long[]> result = new TreeMap<>();
            for (Document d : mongo.getCollection(Deliveries.COLLECTION).aggregate(pipeline).allowDiskUse(true)) {
                result.put(String.valueOf(d.get("_id")), new long[] {((Number) d.get("people")).longValue(), ((Number) d.get("delivered")).longValue()});
            }
            return result;
        }

        static boolean same(Map<String, long[]> expected, ReachReport counted, String groupBy) {
            Map<String, long[]> actual = new TreeMap<>();
            if (groupBy == null) {
                ReachRow t = counted.total();
                if (t.delivered() > 0) {
                    actual.put("*", new long[] {t.measuredReach(), t.delivered()});
                }
            } else {
                for (ReachRow r : counted.rows()) {
                    if (r.delivered() > 0) {
                        actual.put(r.key(), new long[] {r.measuredReach(), r.delivered()});
                    }
                }
            }
            boolean same = expected.keySet().equals(actual.keySet())
                    && expected.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), actual.get(e.getKey())));
            if (!same) {
                System.out.println("DIFFERENT (" + groupBy + "): raw " + show(expected) + " counters " + show(actual));
            }
            return same;
        }

        private static String show(Map<String, long[]> m) {
            StringBuilder sb = new StringBuilder();
            m.forEach((k, v) -> sb.append(k).append('=').append(Arrays.toString(v)).append(' '));
            return sb.toString();
        }
    }
}
