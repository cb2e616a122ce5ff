package org.qiandai.analytics.effect;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.cases.CaseSelection;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Cases and losses per month as cells of victims' attributes (district, gender, occupation, education, age) and fraud
 * type, and per day (and district) for the headline figures: the case counters, built from the stored cases into
 * {@code analytics_cases} (one document per month, {@code _id = <build>|<yyyy-MM>}, then switched to in
 * {@code analytics_state}). Cases are imported in batches rather than one by one, so the cube is rebuilt whole when
 * they changed: at most every {@code qiandai.analytics.cases-refresh} (30 s) a read compares the case count and the
 * latest import with what the cube was built from and, if they differ, rebuilds it in the background (readers keep
 * the previous cube meanwhile). Cases without a report date are left out.
 */
@Component
public class CaseCube implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CaseCube.class);
    static final String COLLECTION = "analytics_cases";
    private static final String STATE = "analytics_state";
    private static final String STATE_ID = "cases";

    /** One day's cases and losses, in all and per district. */
    record Day(long cases, double losses, Map<String, double[]> districts) {
    }

    /** A built cube in memory. */
    record Cube(String build, Instant builtAt, long cases, NavigableMap<YearMonth, List<CaseCell>> months, NavigableMap<LocalDate, Day> days) {

        static final Cube EMPTY = new Cube("", null, 0, new TreeMap<>(), new TreeMap<>());
    }

    private final MongoTemplate mongo;
    private final CaseQueries cases;
    private final CaseImports imports;
    private final Clock clock;
    private final Duration refresh;
    private final ExecutorService background;
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile Cube cube = Cube.EMPTY;
    private volatile Instant checkedAt = Instant.EPOCH;

    CaseCube(MongoTemplate mongo, CaseQueries cases, CaseImports imports, Clock clock,
             @Value("${qiandai.analytics.cases-refresh:30s}") Duration refresh) {
        this.mongo = mongo;
        this.cases = cases;
        this.imports = imports;
        this.clock = clock;
        this.refresh = refresh;
        this.background = DaemonThreads.single("analytics-case-cube");
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }

    /** Counts the cases in the background on start when they changed since (or were never counted). */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void countOnStart() {
        checkedAt = Instant.EPOCH;
        current();
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** The latest built cube; starts a rebuild in the background when the cases changed since. */
    Cube current() {
        Document state = mongo.getCollection(STATE).find(eq("_id", STATE_ID)).first();
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(refresh) >= 0) {
            checkedAt = now;
            if (state == null || !stamp().equals(state.getString("stamp"))) {
                rebuildInBackground();
            }
        }
        if (state == null) {
            return Cube.EMPTY;
        }
        String build = state.getString("build");
        Cube c = cube;
        if (!build.equals(c.build())) {
            c = load(build, state);
            cube = c;
        }
        return c;
    }

    /** Whether a rebuild is running now. */
    boolean building() {
        return building.get();
    }

    void rebuildInBackground() {
        if (building.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    build();
                } catch (RuntimeException e) {
                    if (background.isShutdown()) {
                        log.debug("Case counting stopped with the application: {}", e.toString());
                    } else {
                        log.warn("Case counters not rebuilt: {}", e.toString(), e);
                    }
                } finally {
                    building.set(false);
                }
            });
        }
    }

    /** Rebuilds the cube from the stored cases now; answers how many cases it counted. */
    public synchronized long rebuild() {
        return build();
    }

    private synchronized long build() {
        String stamp = stamp();
        String build = "b" + Long.toString(System.currentTimeMillis(), 36);
        Map<YearMonth, Map<String, Object[]>> cells = new TreeMap<>();
        Map<LocalDate, Object[]> days = new TreeMap<>();
        long[] n = {0};
        try (Stream<CaseRecord> records = cases.records(CaseSelection.all())) {
            records.forEach(r -> {
                if (r.reportDate() == null) {
                    return;
                }
                n[0]++;
                double loss = r.loss() == null ? 0 : r.loss().doubleValue();
                String district = r.district() == null ? "未知" : r.district();
                String key = String.join("\u0001", district, s(r.fraudType()), s(r.gender()), s(r.occupation()), s(r.education()),
                        r.victimAge() == null ? "" : r.victimAge().toString());
                Object[] cell = cells.computeIfAbsent(YearMonth.from(r.reportDate()), m -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new Object[] {district, r.fraudType(), r.gender(), r.occupation(), r.education(), r.victimAge(),
                                new long[1], new double[1]});
                ((long[]) cell[6])[0]++;
                ((double[]) cell[7])[0] += loss;
                Object[] day = days.computeIfAbsent(r.reportDate(), d -> new Object[] {new long[1], new double[1], new HashMap<String, double[]>()});
                ((long[]) day[0])[0]++;
                ((double[]) day[1])[0] += loss;
                @SuppressWarnings("unchecked")
                Map<String, double[]> byDistrict = (Map<String, double[]>) day[2];
                double[] d = byDistrict.computeIfAbsent(district, x -> new double[2]);
                d[0]++;
                d[1] += loss;
            });
        }
        List<Document> docs = new ArrayList<>();
        cells.forEach((month, monthCells) -> {
            List<List<Object>> list = new ArrayList<>();
            monthCells.values().forEach(c -> list.add(java.util.Arrays.asList(c[0], c[1], c[2], c[3], c[4], c[5], ((long[]) c[6])[0],
                    round(((double[]) c[7])[0]))));
            Document dayDocs = new Document();
            days.forEach((date, day) -> {
                if (YearMonth.from(date).equals(month)) {
                    Document districts = new Document();
                    @SuppressWarnings("unchecked")
                    Map<String, double[]> byDistrict = (Map<String, double[]>) day[2];
                    byDistrict.forEach((k, v) -> districts.append(k.replace('.', '\uFF0E'), List.of((long) v[0], round(v[1]))));
                    dayDocs.append(date.toString(), new Document("n", ((long[]) day[0])[0]).append("l", round(((double[]) day[1])[0]))
                            .append("d", districts));
                }
            });
            docs.add(new Document("_id", build + "|" + month).append("month", month.toString()).append("cells", list).append("days", dayDocs));
        });
        for (int i = 0; i < docs.size(); i += 100) {
            collection().insertMany(docs.subList(i, Math.min(docs.size(), i + 100)));
        }
        mongo.getCollection(STATE).updateOne(eq("_id", STATE_ID), Updates.combine(Updates.set("build", build), Updates.set("stamp", stamp),
                Updates.set("builtAt", Date.from(clock.instant())), Updates.set("cases", n[0])), new UpdateOptions().upsert(true));
        collection().deleteMany(new Document("_id", new Document("$not", java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(build + "|")))));
        log.info("Case counters built from {} cases ({} months)", n[0], docs.size());
        return n[0];
    }

    private static double round(double yuan) {
        return BigDecimal.valueOf(yuan).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static String s(String value) {
        return value == null ? "" : value;
    }

    /** What the cube is built from: the case count and the latest import's id, status and end. */
    private String stamp() {
        List<ImportSummary> latest = imports.list();
        ImportSummary last = latest.isEmpty() ? null : latest.get(0);
        return cases.count() + "/" + (last == null ? "-" : last.batchId() + ":" + last.status() + ":" + last.finishedAt());
    }

    private Cube load(String build, Document state) {
        NavigableMap<YearMonth, List<CaseCell>> months = new TreeMap<>();
        NavigableMap<LocalDate, Day> days = new TreeMap<>();
        collection().find(and(gte("_id", build + "|"), lt("_id", build + "|~"))).forEach(d -> {
            YearMonth month = YearMonth.parse(d.getString("month"));
            List<CaseCell> list = new ArrayList<>();
            for (Object o : d.getList("cells", Object.class)) {
                List<?> c = (List<?>) o;
                list.add(new CaseCell((String) c.get(0), (String) c.get(1), (String) c.get(2), (String) c.get(3), (String) c.get(4),
                        c.get(5) == null ? null : ((Number) c.get(5)).intValue(), ((Number) c.get(6)).longValue(), ((Number) c.get(7)).doubleValue()));
            }
            months.put(month, list);
            Document ds = d.get("days", Document.class);
            if (ds != null) {
                ds.forEach((date, v) -> {
                    Document day = (Document) v;
                    Map<String, double[]> districts = new HashMap<>();
                    Document dd = day.get("d", Document.class);
                    if (dd != null) {
                        dd.forEach((k, x) -> {
                            List<?> pair = (List<?>) x;
                            districts.put(k.replace('\uFF0E', '.'), new double[] {((Number) pair.get(0)).doubleValue(), ((Number) pair.get(1)).doubleValue()});
                        });
                    }
                    days.put(LocalDate.parse(date), new Day(((Number) day.get("n")).longValue(), ((Number) day.get("l")).doubleValue(), districts));
                });
            }
        });
        Date builtAt = state.getDate("builtAt");
        Number n = state.get("cases", Number.class);
        return new Cube(build, builtAt == null ? null : builtAt.toInstant(), n == null ? 0 : n.longValue(), months, days);
    }
}
