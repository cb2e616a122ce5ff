package org.qiandai.web.load;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.bench.Latencies;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.standin.TwilioStandIn;
import org.qiandai.web.shell.Districts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar qiandai.jar bench warnings [--rate 50] [--seconds 120] [--warmup 10] [--auth session|basic] [--heap 1g]}.
 * <p>
 * In a fresh JVM: the whole application (web server on a random port, the embedded store on an H2 file in a temporary
 * directory with its durability, the real dispatcher with the Twilio SDK pointed at the {@link TwilioStandIn} in the
 * same JVM, escalation running, one officer per district) and a client posting one lead per request to
 * {@code POST /api/warnings/leads}, each a new person, at {@code rate} a second for {@code seconds} (after
 * {@code warmup} seconds at the same rate, not counted). Measured per lead: from just before the request is sent to
 * the stand-in receiving the SMS for that number (the same clock, {@link System#nanoTime()}): p50, p90, p99 and the
 * worst; the API's own answer time; how many leads got no SMS or more than one. Baseline in the same run: the same
 * path for single leads sent one at a time on the idle application. The client signs in once and keeps its session
 * ({@code --auth session}, as the desk's browser does), or sends HTTP Basic with every request ({@code --auth basic}:
 * each then costs a bcrypt check of the password).
 */
@org.springframework.modulith.NamedInterface("bench-warnings")
public final class WarningBenchmark {

    private static final String SID = "AC000000000000000000000000warnings";
    private static final String TOKEN = "bench-token";
    private static final String USER = "bench.duty";
    private static final String PASSWORD = "bench-duty-password";
    private static final int IDLE_LEADS = 20;

    private WarningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "120"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        String auth = options.getOrDefault("auth", "session");
        String heap = options.getOrDefault("heap", "1g");
        if (!auth.equals("session") && !auth.equals("basic")) {
            throw new IllegalArgumentException("--auth is session or basic, not " + auth);
        }
        Map<String, String> r = BenchmarkSupport.runChild("warnings", WarningBenchmark.class, heap,
                List.of(Integer.toString(rate), Integer.toString(seconds), Integer.toString(warmup), auth),
                String.format(Locale.ROOT, "%d leads a second for %d s (%s)", rate, seconds, auth));
        System.out.println();
        System.out.println("| auth | leads sent | rate achieved /s | SMS received | lost | doubled | API → SMS p50 / p90 / p99 / max ms "
                + "| idle p50 ms | p99 ÷ idle p50 | API answer p50 / p99 ms | heap peak / live (-Xmx" + heap + ") | goal p99 < 2 s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        double p99 = Double.parseDouble(r.getOrDefault("p99ms", "NaN"));
        double idle = Double.parseDouble(r.getOrDefault("idleP50ms", "NaN"));
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s / %s / %s / %s | %s | %.1f | %s / %s | %s | %s |%n", auth,
                r.getOrDefault("sent", "—"), r.getOrDefault("achievedRate", "—"), r.getOrDefault("received", "—"), r.getOrDefault("lost", "—"),
                r.getOrDefault("doubled", "—"), r.getOrDefault("p50ms", "—"), r.getOrDefault("p90ms", "—"), r.getOrDefault("p99ms", "—"),
                r.getOrDefault("maxms", "—"), r.getOrDefault("idleP50ms", "—"), p99 / idle, r.getOrDefault("apiP50ms", "—"),
                r.getOrDefault("apiP99ms", "—"), BenchmarkSupport.heap(r), p99 < 2000 && "0".equals(r.get("lost")) && "0".equals(r.get("doubled"))
                        ? "**met**" : "**not met**");
        if (r.containsKey("error") || !"0".equals(r.getOrDefault("failures", "0"))) {
            System.out.println("problem: " + r);
        }
    }

    private static void child(int rate, int seconds, int warmup, String auth) throws Exception {
        Path dir = Files.createTempDirectory("qiandai-bench-warnings");
        Map<String, Object> result = new LinkedHashMap<>();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (TwilioStandIn twilio = new TwilioStandIn(SID, TOKEN);
             ConfigurableApplicationContext app = new SpringApplicationBuilder(LoadSupport.application()).run(
                     "--server.port=0", "--qiandai.data-dir=" + dir, "--qiandai.demo.enabled=false", "--spring.main.banner-mode=off",
                     "--logging.level.root=WARN", "--qiandai.crypto.key=" + Base64.getEncoder().encodeToString(key),
                     "--qiandai.channels.twilio.enabled=true", "--qiandai.channels.twilio.account-sid=" + SID,
                     "--qiandai.channels.twilio.auth-token=" + TOKEN, "--qiandai.channels.twilio.from=+15005550006",
                     "--qiandai.channels.twilio.base-url=" + twilio.baseUrl(), "--qiandai.channels.twilio.rate=100",
                     "--qiandai.public-base-url=http://127.0.0.1:9")) {
            UserAccounts users = app.getBean(UserAccounts.class);
            users.create(USER, PASSWORD, EnumSet.of(Role.DUTY));
            for (int i = 0; i < Districts.BAOTOU.size(); i++) {
                users.create("bench.officer" + i, PASSWORD, EnumSet.of(Role.OFFICER), List.of(Districts.BAOTOU.get(i)));
            }
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            Client client = new Client(base, auth);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicInteger numbers = new AtomicInteger();

            // baseline: one lead at a time on the idle application
            List<Long> idle = new ArrayList<>();
            for (int i = 0; i < IDLE_LEADS; i++) {
                String phone = phone(numbers.getAndIncrement());
                long t0 = System.nanoTime();
                client.post(lead("idle-" + i, phone, i)).join();
                long arrived = awaitSms(twilio, phone, Duration.ofSeconds(30));
                idle.add(arrived - t0);
                Thread.sleep(200);
            }
            run(client, rate, warmup, "warm", numbers, new ConcurrentHashMap<>(), null);
            Thread.sleep(2000);

            BenchmarkSupport.resetPeaks();
            List<Long> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger failures = new AtomicInteger();
            long started = System.nanoTime();
            int sent = run(client, rate, seconds, "lead", numbers, sentAt, new Stats(answers, failures));
            double achieved = sent / ((System.nanoTime() - started) / 1e9);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, List<Long>> arrivals = new HashMap<>();
            while (System.nanoTime() < deadline) {
                arrivals = arrivals(twilio, sentAt.keySet());
                if (arrivals.size() >= sentAt.size()) {
                    break;
                }
                Thread.sleep(200);
            }
            Thread.sleep(1000);
            arrivals = arrivals(twilio, sentAt.keySet());
            long[] latencies = new long[arrivals.size()];
            int k = 0;
            int doubled = 0;
            for (Map.Entry<String, List<Long>> e : arrivals.entrySet()) {
                latencies[k++] = e.getValue().get(0) - sentAt.get(e.getKey());
                doubled += e.getValue().size() - 1;
            }
            Latencies toSms = new Latencies(latencies);
            Latencies idleToSms = new Latencies(idle.stream().mapToLong(Long::longValue).toArray());
            Latencies answered = new Latencies(answers.stream().mapToLong(Long::longValue).toArray());
            result.put("sent", sent);
            result.put("achievedRate", String.format(Locale.ROOT, "%.1f", achieved));
            result.put("received", arrivals.size());
            result.put("lost", sentAt.size() - arrivals.size());
            result.put("doubled", doubled);
            result.put("failures", failures.get());
            result.put("p50ms", toSms.ms(0.50));
            result.put("p90ms", toSms.ms(0.90));
            result.put("p99ms", toSms.ms(0.99));
            result.put("maxms", toSms.maxMs());
            result.put("idleP50ms", idleToSms.ms(0.50));
            result.put("apiP50ms", answered.ms(0.50));
            result.put("apiP99ms", answered.ms(0.99));
            result.put("problems", twilio.problems.size());
            result.put("peakHeap", BenchmarkSupport.peakHeap());
            result.put("liveHeap", BenchmarkSupport.liveHeap());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        BenchmarkSupport.reportAndExit(result);
    }

    private record Stats(List<Long> answers, AtomicInteger failures) {
    }

    /** Posts {@code rate} leads a second for {@code seconds}, each a new number; answers how many were sent. */
    private static int run(Client client, int rate, int seconds, String prefix, AtomicInteger numbers, Map<String, Long> sentAt, Stats stats)
            throws InterruptedException {
        int total = rate * seconds;
        if (total == 0) {
            return 0;
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch done = new CountDownLatch(total);
        AtomicInteger n = new AtomicInteger();
        long period = 1_000_000_000L / rate;
        ticker.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            if (i >= total) {
                return;
            }
            int number = numbers.getAndIncrement();
            String phone = phone(number);
            long t0 = System.nanoTime();
            sentAt.put(phone, t0);
            client.post(lead(prefix + "-" + number, phone, number)).whenComplete((status, error) -> {
                if (stats != null) {
                    stats.answers().add(System.nanoTime() - t0);
                    if (error != null || status != 200) {
                        stats.failures().incrementAndGet();
                    }
                }
                done.countDown();
            });
        }, 0, period, TimeUnit.NANOSECONDS);
        done.await(seconds + 120L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        return Math.min(n.get(), total);
    }

    private static String phone(int i) {
        return String.format("+86137%08d", i);
    }

    private static String lead(String externalId, String phone, int i) {
        String district = Districts.BAOTOU.get(i % Districts.BAOTOU.size());
        String[] types = {"冒充公检法", "刷单返利", "虚假网络投资理财", "冒充电商物流客服", "虚假网络贷款"};
        String[] sources = {"FLAGGED_CALL", "BANK_ALERT", "FAMILY_REPORT"};
        return "{\"leads\": [{\"externalId\": \"" + externalId + "\", \"phone\": \"" + phone + "\", \"district\": \"" + district
                + "\", \"source\": \"" + sources[i % sources.length] + "\", \"fraudType\": \"" + types[i % types.length] + "\", \"age\": "
                + (18 + i % 60) + ", \"amountAtRisk\": " + (i % 7) * 10000 + "}]}";
    }

    private static long awaitSms(TwilioStandIn twilio, String phone, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            synchronized (twilio.received) {
                for (TwilioStandIn.Received r : twilio.received) {
                    if (r.to().equals(phone)) {
                        return r.nanos();
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no SMS for " + phone + " within " + timeout);
    }

    /** Every arrival per number the benchmark sent to. */
    private static Map<String, List<Long>> arrivals(TwilioStandIn twilio, java.util.Set<String> phones) {
        Map<String, List<Long>> byPhone = new HashMap<>();
        synchronized (twilio.received) {
            for (TwilioStandIn.Received r : twilio.received) {
                if (phones.contains(r.to())) {
                    byPhone.computeIfAbsent(r.to(), p -> new ArrayList<>()).add(r.nanos());
                }
            }
        }
        return byPhone;
    }


    /** The API client: HTTP Basic on every request, or signed in once with the session and its CSRF token. */
    private static final class Client {
        private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
        private final String base;
        private final HttpClient http;
        private final String authorization;
        private String csrf;

        Client(String base, String auth) throws Exception {
            this.base = base;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(32)).build();
            if (auth.equals("basic")) {
                authorization = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                return;
            }
            authorization = null;
            LoadSupport.signIn(http, base, USER, PASSWORD);
            String desk = http.send(HttpRequest.newBuilder(URI.create(base + "/warnings")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher meta = CSRF_META.matcher(desk);
            if (!meta.find()) {
                throw new IllegalStateException("signing in failed: no session");
            }
            csrf = meta.group(1);
        }

        java.util.concurrent.CompletableFuture<Integer> post(String json) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/warnings/leads")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            if (authorization != null) {
                request.header("Authorization", authorization);
            } else {
                request.header("X-CSRF-TOKEN", csrf);
            }
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
        }
    }
}
