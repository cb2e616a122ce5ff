package org.qiandai.web.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.bench.Latencies;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code java -jar qiandai.jar load callbacks [--rate 200] [--seconds 60] [--warmup 5] [--forged-every 4] [--store file|memory]}.
 * <p>
 * The whole application on 127.0.0.1 (a fixed free port, {@code qiandai.public-base-url} pointing at it, Twilio enabled
 * with its auth token, the embedded store on an H2 file in a temporary directory with its durability) holding one
 * RUNNING push whose deliveries are SENT, each with a Twilio message sid — written as the dispatcher leaves them — and
 * a client posting status callbacks to {@code POST /api/channels/twilio/status} at {@code rate} a second, open loop
 * (each request leaves at its scheduled time whether or not earlier ones were answered; a latency is measured from that
 * time, so a stall counts against every request it held up). Every {@code forged-every}-th request is forged, in turn:
 * no signature, a wrong one, one made for another URL, a signed form changed afterwards, a real signature of another
 * callback; the rest are Twilio's own ({@code delivered}, signed over the exact URL and form). Each callback is for a
 * delivery of its own. Checked afterwards: every valid one answered 200 and its delivery DELIVERED (none lost), every
 * forged one answered 403 and its delivery still SENT (none accepted), the push's counters agree. Reported: the rate
 * achieved, p50/p90/p99/max of valid and forged answers. Exits 1 when a check fails.
 */
public final class CallbackLoad {

    private static final String SID = "AC0000000000000000000000000000load";
    private static final String TOKEN = "load-test-auth-token";
    private static final String PUSH = "load-callbacks";
    private static final int FORGERIES = 5;

    private CallbackLoad() {
    }

    /** What a run measured and found. */
    record Outcome(int requests, double achievedRate, int valid, int validOk, int validLost, int forged, int forgedRefused, int forgedAccepted,
                   int failedRequests, Latencies validLatencies, Latencies forgedLatencies, long delivered,
                   long stillSent, long counterDelivered) {
        boolean passed() {
            return validLost == 0 && forgedAccepted == 0 && failedRequests == 0 && delivered == valid && stillSent == forged
                    && counterDelivered == valid;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int forgedEvery = Integer.parseInt(options.getOrDefault("forged-every", "4"));
        String store = options.getOrDefault("store", "file");
        System.out.printf(Locale.ROOT, "Twilio status callbacks: %d a second for %d s (after %d s warm-up), every %d%s forged, store %s …%n", rate,
                seconds, warmup, forgedEvery, forgedEvery == 2 ? "nd" : forgedEvery == 3 ? "rd" : "th", store);
        Outcome o = run(rate, seconds, warmup, forgedEvery, store.equals("memory"));
        System.out.println();
        System.out.println("| requests | rate achieved /s | valid | valid 200 + DELIVERED | valid lost | forged | forged 403 + unchanged "
                + "| forged accepted | valid p50 / p90 / p99 / max ms | forged p50 / p99 ms | checks |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        System.out.printf(Locale.ROOT, "| %,d | %.1f | %,d | %,d | %d | %,d | %,d | %d | %s / %s / %s / %s | %s / %s | %s |%n", o.requests(),
                o.achievedRate(), o.valid(), Math.min(o.validOk(), o.delivered()), o.validLost(), o.forged(), Math.min(o.forgedRefused(), o.stillSent()),
                o.forgedAccepted(), o.validLatencies().ms(0.50), o.validLatencies().ms(0.90), o.validLatencies().ms(0.99),
                o.validLatencies().maxMs(), o.forgedLatencies().ms(0.50), o.forgedLatencies().ms(0.99), o.passed() ? "**passed**" : "**FAILED**");
        if (!o.passed()) {
            System.out.println("problem: " + o);
            System.exit(1);
        }
    }

    static Outcome run(int rate, int seconds, int warmup, int forgedEvery, boolean inMemory) throws Exception {
        if (rate < 1 || seconds < 1 || forgedEvery < 2) {
            throw new IllegalArgumentException("--rate and --seconds must be at least 1, --forged-every at least 2");
        }
        Path dir = LoadSupport.temporaryDirectory("qiandai-load-callbacks");
        int port = LoadSupport.freePort();
        String base = "http://127.0.0.1:" + port;
        String url = base + "/api/channels/twilio/status";
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int measured = rate * seconds;
        int warm = rate * warmup;
        try (TwilioStandIn twilio = new TwilioStandIn(SID, TOKEN);
             ConfigurableApplicationContext app = new SpringApplicationBuilder(LoadSupport.application()).run(
                     "--server.port=" + port, "--qiandai.data-dir=" + dir, "--qiandai.store.in-memory=" + inMemory, "--qiandai.demo.enabled=false",
                     "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--qiandai.crypto.key=" + Base64.getEncoder().encodeToString(key),
                     "--qiandai.channels.twilio.enabled=true", "--qiandai.channels.twilio.account-sid=" + SID,
                     "--qiandai.channels.twilio.auth-token=" + TOKEN, "--qiandai.channels.twilio.from=+15005550006",
                     "--qiandai.channels.twilio.base-url=" + twilio.baseUrl(), "--qiandai.public-base-url=" + base,
                     "--qiandai.pushes.scheduler.enabled=false")) {
            MongoTemplate mongo = app.getBean(MongoTemplate.class);
            PhoneCrypto crypto = app.getBean(PhoneCrypto.class);
            writeSent(mongo, crypto, warm + measured);
            app.getBean(StoreDurability.class).commit();

            ExecutorService threads = Executors.newFixedThreadPool(32);
            HttpClient http = LoadSupport.client(threads, null);
            try {
                send(http, twilio, url, rate, 0, warm, forgedEvery, null);
                Result result = new Result(measured);
                long started = System.nanoTime();
                send(http, twilio, url, rate, warm, measured, forgedEvery, result);
                double achieved = result.sent.get() / ((result.lastSentNanos - started) / 1e9 + 1.0 / rate);
                if (!result.errors.isEmpty()) {
                    System.out.println("  requests without an answer, by error: " + result.errors);
                }
                return check(app.getBean(Deliveries.class), mongo, warm, measured, forgedEvery, result, achieved);
            } finally {
                threads.shutdownNow();
            }
        } finally {
            LoadSupport.delete(dir);
        }
    }

    /** What the measured requests got: per request its HTTP status (0: no answer) and latency. */
    private static final class Result {
        final AtomicLongArray latency;
        final AtomicReferenceArray<Integer> status;
        final AtomicInteger sent = new AtomicInteger();
        final java.util.concurrent.ConcurrentHashMap<String, Integer> errors = new java.util.concurrent.ConcurrentHashMap<>();
        volatile long lastSentNanos;

        Result(int n) {
            latency = new AtomicLongArray(n);
            status = new AtomicReferenceArray<>(n);
        }
    }

    private static String sid(int i) {
        return String.format("SM%032x", 0x10000000L + i);
    }

    private static String deliveryId(int i) {
        return NewDelivery.idOf(PUSH, 0, String.format("ct-%08d", i));
    }

    /** {@code n} deliveries of one RUNNING push in SENT with their message sids, as the dispatcher leaves them. */
    private static void writeSent(MongoTemplate mongo, PhoneCrypto crypto, int n) {
        MongoCollection<Document> deliveries = mongo.getCollection(Deliveries.COLLECTION);
        Date now = new Date();
        mongo.getCollection(Deliveries.PUSHES).insertOne(new Document("_id", PUSH).append("campaignId", "load").append("channel", "sms-twilio")
                .append("status", "RUNNING").append("counts", new Document("SENT", (long) n)).append("createdAt", now));
        List<Document> batch = new ArrayList<>(1000);
        for (int i = 0; i < n; i++) {
            String phone = String.format("+86137%08d", i);
            String contact = String.format("ct-%08d", i);
            Document d = Deliveries.document(new NewDelivery(deliveryId(i), PUSH, 0, "load", "sms-twilio", "tpl", contact, crypto.hash(phone),
                    crypto.encrypt(phone), "zh-CN", "东河区", "【包头公安】警惕冒充公检法诈骗，疑似诈骗请拨打96110。"), now);
            d.remove("queue");
            d.put("status", DeliveryStatus.SENT.name());
            d.put("attempts", 1);
            d.put("providerId", sid(i));
            d.get("at", Document.class).append(DeliveryStatus.SENT.name(), now);
            batch.add(d);
            if (batch.size() == 1000 || i == n - 1) {
                deliveries.insertMany(batch);
                batch.clear();
            }
        }
    }

    private static boolean forged(int i, int forgedEvery) {
        return i % forgedEvery == forgedEvery - 1;
    }

    /** Posts {@code n} callbacks (for deliveries {@code first…}) at {@code rate} a second, open loop; waits for every answer. */
    private static void send(HttpClient http, TwilioStandIn twilio, String url, int rate, int first, int n, int forgedEvery, Result result)
            throws InterruptedException {
        if (n == 0) {
            return;
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger next = new AtomicInteger();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // catch up on ticks the scheduler fell behind with: each request keeps its own scheduled time
            while (true) {
                int k = next.get();
                if (k >= n || start + k * period > now) {
                    return;
                }
                next.set(k + 1); // only this thread moves it
                long scheduled = start + k * period;
                int i = first + k;
                HttpRequest request = request(twilio, url, i, forgedEvery);
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    if (result != null) {
                        result.latency.set(k, System.nanoTime() - scheduled);
                        result.status.set(k, error != null ? 0 : response.statusCode());
                        if (error != null) {
                            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                            result.errors.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
                        }
                    }
                    done.countDown();
                });
                if (result != null) {
                    result.sent.incrementAndGet();
                    result.lastSentNanos = System.nanoTime();
                }
            }
        }, 0, Math.max(1, period / 2), TimeUnit.NANOSECONDS);
        boolean all = done.await(n / rate + 120L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        if (!all) {
            System.out.println("  " + done.getCount() + " requests got no answer within two minutes of the last");
        }
    }

    /** The callback for delivery {@code i}: Twilio's own, or (every {@code forgedEvery}-th) one of the forgeries in turn. */
    private static HttpRequest request(TwilioStandIn twilio, String url, int i, int forgedEvery) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", SID);
        form.put("MessageSid", sid(i));
        form.put("SmsSid", sid(i));
        form.put("MessageStatus", "delivered");
        form.put("SmsStatus", "delivered");
        form.put("To", String.format("+86137%08d", i));
        form.put("From", "+15005550006");
        form.put("ApiVersion", "2010-04-01");
        String signature = twilio.sign(url, form);
        if (forged(i, forgedEvery)) {
            switch ((i / forgedEvery) % FORGERIES) {
                case 0 -> signature = null;
                case 1 -> signature = Base64.getEncoder().encodeToString(("not a signature " + i).getBytes(StandardCharsets.UTF_8));
                case 2 -> signature = twilio.sign("https://elsewhere.example/api/channels/twilio/status", form);
                case 3 -> form.put("MessageStatus", "failed"); // signed as delivered, sent as failed
                default -> {
                    Map<String, String> other = new LinkedHashMap<>(form);
                    other.put("MessageSid", sid(i - 1));
                    other.put("SmsSid", sid(i - 1));
                    signature = twilio.sign(url, other); // a real signature, of another callback
                }
            }
        }
        return TwilioStandIn.webhook(url, form, signature, Duration.ofSeconds(60));
    }

    private static Outcome check(Deliveries deliveries, MongoTemplate mongo, int first, int n, int forgedEvery, Result result, double achieved) {
        List<Long> valid = new ArrayList<>();
        List<Long> forged = new ArrayList<>();
        int validOk = 0;
        int validLost = 0;
        int forgedRefused = 0;
        int forgedAccepted = 0;
        int failed = 0;
        for (int k = 0; k < n; k++) {
            Integer status = result.status.get(k);
            if (status == null || status == 0) {
                failed++;
            }
            if (forged(first + k, forgedEvery)) {
                forged.add(result.latency.get(k));
                if (status != null && status == 403) {
                    forgedRefused++;
                } else if (status != null && status / 100 == 2) {
                    forgedAccepted++;
                }
            } else {
                valid.add(result.latency.get(k));
                if (status != null && status == 200) {
                    validOk++;
                } else {
                    validLost++;
                }
            }
        }
        long delivered = 0;
        long stillSent = 0;
        List<String> ids = new ArrayList<>(1000);
        for (int k = 0; k < n; k++) {
            ids.add(deliveryId(first + k));
            if (ids.size() == 1000 || k == n - 1) {
                for (Delivery d : deliveries.getAll(ids)) {
                    int i = Integer.parseInt(d.contactId().substring(3));
                    if (forged(i, forgedEvery)) {
                        stillSent += d.status() == DeliveryStatus.SENT ? 1 : 0;
                    } else {
                        delivered += d.status() == DeliveryStatus.DELIVERED ? 1 : 0;
                    }
                }
                ids.clear();
            }
        }
        int warmValid = 0;
        for (int i = 0; i < first; i++) {
            warmValid += forged(i, forgedEvery) ? 0 : 1;
        }
        Document counts = mongo.getCollection(Deliveries.PUSHES).find(Filters.eq("_id", PUSH)).first().get("counts", Document.class);
        long counter = ((Number) counts.getOrDefault(DeliveryStatus.DELIVERED.name(), 0L)).longValue() - warmValid;
        return new Outcome(n, achieved, valid.size(), validOk, validLost, forged.size(), forgedRefused, forgedAccepted, failed,
                new Latencies(valid.stream().mapToLong(Long::longValue).toArray()),
                new Latencies(forged.stream().mapToLong(Long::longValue).toArray()), delivered, stillSent, counter);
    }
}
