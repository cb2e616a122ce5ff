package org.qiandai.web.load;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.qiandai.analytics.AnalyticsRebuild;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.bench.Latencies;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar qiandai.jar load dashboard [--users 50] [--seconds 60] [--warmup 5] [--store file|memory]}.
 * <p>
 * The whole application on 127.0.0.1 with the demo data of a first start (12,000 cases, a synthetic year of campaigns
 * with about 30,000 delivery records for 8,000 people, its counters rebuilt before the clock starts), and {@code users}
 * leaders, each signed in with its own session (as a browser is), each asking the dashboard's API one question after
 * another with no pause for {@code seconds}: the headline figures ({@code /api/analytics/overview}), reach by channel,
 * district, segment and month ({@code /api/analytics/reach}), the funnels, the case trend ({@code /api/analytics/effect})
 * and the targets, over the last 12 months, some for one district. Reported: requests, answers a second, non-200
 * answers, p50/p95/p99 of all answers and p95 per question. Exits 1 when any answer was not 200.
 */
public final class DashboardLoad {

    private static final String USER = "load.leader";
    private static final String PASSWORD = "load-leader-password";

    private DashboardLoad() {
    }

    /** What a run measured. */
    record Outcome(int users, int requests, double perSecond, int errors, Latencies all, Map<String, Latencies> byQuestion,
                   double rebuildSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int users = Integer.parseInt(options.getOrDefault("users", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        String store = options.getOrDefault("store", "file");
        System.out.printf(Locale.ROOT, "Dashboard API: %d concurrent users for %d s (after %d s warm-up) on the demo data, store %s …%n", users, seconds,
                warmup, store);
        Outcome o = run(users, seconds, warmup, store.equals("memory"), List.of());
        System.out.println();
        System.out.printf(Locale.ROOT, "counters rebuilt in %.1f s before the run%n%n", o.rebuildSeconds());
        System.out.println("| users | requests | answers/s | not 200 | p50 / p95 / p99 / max ms |");
        System.out.println("|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %,d | %.1f | %d | %s / %s / %s / %s |%n%n", o.users(), o.requests(), o.perSecond(), o.errors(),
                o.all().ms(0.50), o.all().ms(0.95), o.all().ms(0.99), o.all().maxMs());
        System.out.println("| question | requests | p50 ms | p95 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        o.byQuestion().forEach((q, l) -> System.out.printf(Locale.ROOT, "| `%s` | %,d | %s | %s | %s |%n", q, l.count(), l.ms(0.50), l.ms(0.95), l.ms(0.99)));
        if (o.errors() > 0) {
            System.exit(1);
        }
    }

    /** The dashboard's questions over the last 12 months (to today in the bureau's zone). */
    static Map<String, String> questions(LocalDate today) {
        String period = "from=" + today.minusMonths(12).plusDays(1) + "&to=" + today;
        Map<String, String> q = new LinkedHashMap<>();
        q.put("overview", "/api/analytics/overview?" + period);
        q.put("reach?groupBy=channel", "/api/analytics/reach?groupBy=channel&" + period);
        q.put("reach?groupBy=district", "/api/analytics/reach?groupBy=district&" + period);
        q.put("reach?groupBy=segment", "/api/analytics/reach?groupBy=segment&" + period);
        q.put("reach?groupBy=month", "/api/analytics/reach?groupBy=month&" + period);
        q.put("reach?groupBy=month&district=", "/api/analytics/reach?groupBy=month&district=%E4%B8%9C%E6%B2%B3%E5%8C%BA&" + period);
        q.put("funnels", "/api/analytics/funnels?" + period);
        q.put("effect", "/api/analytics/effect");
        q.put("targets", "/api/analytics/targets?year=" + today.getYear());
        return q;
    }

    /** Runs the load; {@code extraArgs} are more application options (tests make the demo smaller). */
    static Outcome run(int users, int seconds, int warmup, boolean inMemory, List<String> extraArgs) throws Exception {
        Path dir = LoadSupport.temporaryDirectory("qiandai-load-dashboard");
        int port = LoadSupport.freePort();
        String base = "http://127.0.0.1:" + port;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<String> appArgs = new ArrayList<>(List.of("--server.port=" + port, "--qiandai.data-dir=" + dir, "--qiandai.store.in-memory=" + inMemory,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--qiandai.crypto.key=" + Base64.getEncoder().encodeToString(key),
                "--qiandai.analytics.rebuild-when-needed=false", "--qiandai.pushes.scheduler.enabled=false"));
        appArgs.addAll(extraArgs);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LoadSupport.application()).run(appArgs.toArray(String[]::new))) {
            double rebuild = app.getBean(AnalyticsRebuild.class).rebuild().seconds();
            app.getBean(UserAccounts.class).create(USER, PASSWORD, EnumSet.of(Role.LEADER));
            ZoneId zone = ZoneId.of(app.getEnvironment().getProperty("qiandai.zone", "Asia/Shanghai"));
            Map<String, String> questions = questions(LocalDate.now(zone));
            List<String> names = new ArrayList<>(questions.keySet());
            ExecutorService threads = Executors.newFixedThreadPool(users);
            ExecutorService io = Executors.newFixedThreadPool(8); // the clients' own work, apart from the users who wait on it
            try {
                List<HttpClient> clients = new ArrayList<>();
                for (int u = 0; u < users; u++) {
                    HttpClient http = LoadSupport.client(io, new CookieManager());
                    LoadSupport.signIn(http, base, USER, PASSWORD);
                    clients.add(http);
                }
                Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
                names.forEach(n -> latencies.put(n, new ConcurrentLinkedQueue<>()));
                AtomicInteger errors = new AtomicInteger();
                round(clients, threads, base, questions, names, warmup, null, errors);
                errors.set(0);
                long started = System.nanoTime();
                int requests = round(clients, threads, base, questions, names, seconds, latencies, errors);
                double elapsed = (System.nanoTime() - started) / 1e9;
                Map<String, Latencies> byQuestion = new LinkedHashMap<>();
                List<Long> all = new ArrayList<>();
                for (String n : names) {
                    byQuestion.put(n, new Latencies(latencies.get(n).stream().mapToLong(Long::longValue).toArray()));
                    all.addAll(latencies.get(n));
                }
                return new Outcome(users, requests, requests / elapsed, errors.get(), new Latencies(all.stream().mapToLong(Long::longValue).toArray()),
                        byQuestion, rebuild);
            } finally {
                threads.shutdownNow();
                io.shutdownNow();
            }
        } finally {
            LoadSupport.delete(dir);
        }
    }

    /** Every user asks question after question (each starting at its own place in the list) until {@code seconds} are up. */
    private static int round(List<HttpClient> clients, ExecutorService threads, String base, Map<String, String> questions, List<String> names,
                             int seconds, Map<String, ConcurrentLinkedQueue<Long>> latencies, AtomicInteger errors) throws InterruptedException {
        if (seconds <= 0) {
            return 0;
        }
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients.size());
        AtomicInteger requests = new AtomicInteger();
        for (int u = 0; u < clients.size(); u++) {
            HttpClient http = clients.get(u);
            int offset = u;
            threads.execute(() -> {
                try {
                    for (int k = offset; System.nanoTime() < end; k++) {
                        String name = names.get(k % names.size());
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + questions.get(name))).timeout(Duration.ofSeconds(60))
                                .header("Accept", "application/json").build();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (java.io.IOException e) {
                            status = 0;
                        }
                        long took = System.nanoTime() - t0;
                        requests.incrementAndGet();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                        if (latencies != null) {
                            latencies.get(name).add(took);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(seconds + 120L, TimeUnit.SECONDS);
        return requests.get();
    }
}
