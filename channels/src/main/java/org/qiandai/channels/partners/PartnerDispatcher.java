package org.qiandai.channels.partners;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.pushes.PushStatus;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.DaemonThreads;
import org.qiandai.channels.ChannelStatus;
import org.qiandai.channels.TokenBucket;
import org.qiandai.channels.settings.ChannelSettingsChanged;
import org.qiandai.channels.partners.PartnerWebhookStore.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands pushes to partners: one signed webhook per occurrence. Each enabled partner has its own thread, which every
 * {@code qiandai.channels.partner-dispatch.poll} (1 s):
 * <ol>
 * <li><b>adopts</b> the QUEUED broadcast records ({@code pushId:k:broadcast}) of RUNNING pushes through this partner:
 * writes the webhook, body and all, into {@code partner_webhooks} ({@code _id} = the delivery id = the
 * {@code webhook-id}), then claims the record (QUEUED → SENDING with this instance's lease);</li>
 * <li><b>sends</b> its due webhooks, each leased first with a findAndModify (so two instances never both send it; a
 * crashed instance's webhook is taken over when the lease ends) and committed before it goes out: a POST of the same
 * body with the same {@code webhook-id}, a fresh {@code webhook-timestamp} and its signature, at most {@code rate} a
 * second.</li>
 * </ol>
 * A 2xx is SENT ({@code providerId} = the webhook id). Timeouts, connection failures, 408, 425, 429 and 5xx are tried
 * again after {@code retry-delay}, doubling up to {@code max-retry-delay} (or the partner's {@code Retry-After}, within
 * that), until {@code max-attempts}; then, or at once for any other answer, the record is FAILED with {@code http-<status>},
 * {@code timeout} or {@code connect}. Re-sending after an unknown outcome is safe: a partner following Standard
 * Webhooks drops a {@code webhook-id} it has seen. A paused push's webhook waits; a cancelled push's is not sent
 * (FAILED with {@code push-cancelled} if it had been claimed). A change of a partner's settings
 * ({@link ChannelSettingsChanged}) restarts its thread with a new HTTP client and rate after its round.
 */
@Component
public class PartnerDispatcher implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PartnerDispatcher.class);
    private static final int ADOPT_PER_PUSH = 20;
    private static final int RESPONSE_KEPT = 300;

    private final PartnerSettings settings;
    private final Pushes pushes;
    private final PushStates states;
    private final Deliveries deliveries;
    private final PartnerWebhookStore store;
    private final WebhookPayloads payloads;
    private final StoreDurability durability;
    private final Clock clock;
    private final boolean enabled;
    private final Duration poll;
    private final Duration lease;
    private final String owner = "partners-" + UUID.randomUUID().toString().substring(0, 8);
    /** What an enabled partner is sent with: the settings read when it was made, its HTTP client and its rate. */
    private record Line(Partner partner, HttpClient client, TokenBucket bucket) {
    }

    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final Map<String, ScheduledExecutorService> loops = new HashMap<>();
    private final Map<String, ChannelStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    PartnerDispatcher(PartnerSettings settings, Pushes pushes, PushStates states, Deliveries deliveries, PartnerWebhookStore store, WebhookPayloads payloads,
                      StoreDurability durability, Clock clock,
                      @Value("${qiandai.channels.partner-dispatch.enabled:true}") boolean enabled,
                      @Value("${qiandai.channels.partner-dispatch.poll:1s}") Duration poll,
                      @Value("${qiandai.channels.partner-dispatch.lease:2m}") Duration lease) {
        this.settings = settings;
        this.pushes = pushes;
        this.states = states;
        this.deliveries = deliveries;
        this.store = store;
        this.payloads = payloads;
        this.durability = durability;
        this.clock = clock;
        this.enabled = enabled;
        this.poll = poll;
        this.lease = lease;
    }

    @Override
    public synchronized void afterPropertiesSet() {
        for (Partner p : settings.enabled()) {
            lines.put(p.name(), line(p));
        }
        if (enabled) {
            lines.keySet().forEach(name -> loops.put(name, loop(name)));
        }
    }

    /** The latest outcome of the webhooks to one partner, for health. */
    public ChannelStatus status(String partnerName) {
        return statuses.computeIfAbsent(partnerName, name -> new ChannelStatus(clock));
    }

    /** Whether this instance runs the partners' webhook threads ({@code qiandai.channels.partner-dispatch.enabled}). */
    public boolean dispatching() {
        return enabled;
    }

    private Line line(Partner p) {
        if (lease.compareTo(p.connectTimeout().plus(p.timeout())) <= 0) {
            throw new IllegalStateException("qiandai.channels.partner-dispatch.lease (" + lease + ") must be longer than partner " + p.name()
                    + "'s connect-timeout + timeout (" + p.connectTimeout().plus(p.timeout()) + "), or two instances could send at once");
        }
        return new Line(p, HttpClient.newBuilder().connectTimeout(p.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build(), new TokenBucket(p.rate()));
    }

    private ScheduledExecutorService loop(String name) {
        return DaemonThreads.repeating("partner-" + name, poll, () -> runOnce(name), e -> log.warn("Partner {} round failed: {}", name, e.toString()));
    }

    /** A partner's settings changed: its thread finishes its round and stops, then starts again with the new ones (or not, if disabled). */
    @EventListener
    void on(ChannelSettingsChanged event) {
        if (settings.get(event.channel()).isPresent() || lines.containsKey(event.channel())) {
            reload(event.channel());
        }
    }

    /** Takes up a partner's settings as they are now: a new HTTP client and rate, its thread restarted; nothing more while it is disabled. */
    public synchronized void reload(String name) {
        ScheduledExecutorService loop = loops.remove(name);
        Line old = lines.get(name);
        if (loop != null) {
            loop.shutdown();
            try {
                Duration round = old == null ? poll : old.partner().connectTimeout().plus(old.partner().timeout()).plusSeconds(1);
                if (!loop.awaitTermination(round.toMillis(), TimeUnit.MILLISECONDS)) {
                    loop.shutdownNow(); // its webhook's lease runs out and a later round sends it, with the same webhook-id
                }
            } catch (InterruptedException e) {
                loop.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        Partner p = settings.get(name).filter(Partner::enabled).orElse(null);
        if (p == null) {
            lines.remove(name);
            log.info("Partner {} is disabled: nothing is sent to it", name);
            return;
        }
        lines.put(name, line(p));
        if (enabled) {
            loops.put(name, loop(name));
        }
        log.info("Partner {} now sends to {} at {} webhooks/s", name, p.url(), p.rate() == 0 ? "unlimited" : p.rate());
    }

    @Override
    public synchronized void destroy() {
        loops.values().forEach(ScheduledExecutorService::shutdownNow);
    }

    /** One round for one partner (what its thread does each poll): adopt, then send what is due. Answers the attempts made. */
    public int runOnce(String partnerName) {
        Line line = lines.get(partnerName);
        if (line == null) {
            throw new IllegalArgumentException("no enabled partner '" + partnerName + "'");
        }
        adopt(line.partner());
        return sendDue(line);
    }

    int adopt(Partner partner) {
        int adopted = 0;
        for (PushStates.Running running : states.running(List.of(partner.name()))) {
            PushView push = pushes.get(running.id()).orElse(null);
            if (push == null || push.status() != PushStatus.RUNNING) {
                continue; // paused or cancelled since
            }
            for (Delivery d : deliveries.queuedOf(push.id(), ADOPT_PER_PUSH)) {
                Instant now = clock.instant();
                String body = new String(payloads.build(partner, d, push), StandardCharsets.UTF_8);
                store.insertIfAbsent(d.id(), partner.name(), push.id(), d.occurrence(), body, now);
                if (deliveries.claim(d.id(), owner, now.plus(lease))) {
                    adopted++;
                }
            }
        }
        if (adopted > 0) {
            durability.commit();
        }
        return adopted;
    }

    int sendDue(Line line) {
        Partner partner = line.partner();
        int attempts = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Instant now = clock.instant();
            Optional<Document> claimed = store.claimDue(partner.name(), now, owner, now.plus(lease));
            if (claimed.isEmpty()) {
                return attempts;
            }
            durability.commit(); // the lease is durable before the webhook goes out
            try {
                if (attempt(line, claimed.get())) {
                    attempts++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the lease runs out and another round sends it, with the same id
            }
            durability.commit();
        }
        return attempts;
    }

    /** Sends one leased webhook unless its push or delivery says otherwise; answers whether it went out. */
    private boolean attempt(Line line, Document webhook) throws InterruptedException {
        Partner partner = line.partner();
        String id = webhook.getString("_id");
        Instant now = clock.instant();
        Delivery delivery = deliveries.get(id).orElse(null);
        PushView push = delivery == null ? null : pushes.get(delivery.pushId()).orElse(null);
        if (delivery == null || push == null) {
            store.settle(id, Status.FAILED, "its delivery record or push is gone", now);
            return false;
        }
        if (push.status() == PushStatus.CANCELLED) {
            deliveries.markFailed(id, "push-cancelled", "the push was cancelled before partner " + partner.name() + " accepted it");
            store.settle(id, Status.CANCELLED, "push cancelled", now);
            return false;
        }
        if (push.status() == PushStatus.PAUSED || push.status() == PushStatus.SCHEDULED) {
            store.postpone(id, owner, now.plus(poll));
            return false;
        }
        switch (delivery.status()) {
            case QUEUED -> deliveries.claim(id, owner, now.plus(lease)); // written, then stopped before the claim
            case SENDING -> { }
            case SENT, DELIVERED -> { // sent, then stopped before the webhook recorded it
                store.settle(id, Status.SENT, "delivery already " + delivery.status(), now);
                return false;
            }
            case CANCELLED -> {
                store.settle(id, Status.CANCELLED, "delivery cancelled", now);
                return false;
            }
            default -> {
                store.settle(id, Status.FAILED, "delivery is " + delivery.status(), now);
                return false;
            }
        }

        line.bucket().acquire();
        int attempt = webhook.getInteger("attempts", 0) + 1;
        byte[] body = webhook.getString("body").getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(partner.url()).timeout(partner.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Qiandai-partner-webhooks/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", partner.signer().sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t0 = System.nanoTime();
        int status = -1;
        String error;
        Duration retryAfter = null;
        try {
            HttpResponse<InputStream> response = line.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            String answer = head(response.body());
            error = status / 100 == 2 ? null : "HTTP " + status + (answer.isBlank() ? "" : ": " + answer);
            retryAfter = response.headers().firstValue("Retry-After").flatMap(PartnerDispatcher::seconds).orElse(null);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            error = "connect: " + e;
        } catch (HttpTimeoutException e) {
            error = "timeout: no answer within " + partner.timeout();
        } catch (IOException e) {
            error = "io: " + e;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Instant at = clock.instant();
        if (status / 100 == 2) {
            deliveries.markSent(id, id);
            status(partner.name()).success();
            store.recordAttempt(id, owner, Status.SENT, at, null, status, null, millis);
            log.info("Webhook {} to partner {}: HTTP {} after {} attempt(s)", id, partner.name(), status, attempt);
            return true;
        }
        String code = status > 0 ? "http-" + status : error.startsWith("timeout") ? "timeout" : error.startsWith("connect") ? "connect" : "io";
        status(partner.name()).error(code + ": " + (error != null ? error : "HTTP " + status));
        boolean transientFailure = status < 0 || status == 408 || status == 425 || status == 429 || status >= 500;
        if (transientFailure && attempt < partner.maxAttempts()) {
            Duration wait = partner.backoff(attempt);
            if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                wait = retryAfter.compareTo(partner.maxRetryDelay()) > 0 ? partner.maxRetryDelay() : retryAfter;
            }
            store.recordAttempt(id, owner, Status.PENDING, at, at.plus(wait), status, error, millis);
            log.warn("Webhook {} to partner {}: attempt {} of {} failed ({}); next in {}", id, partner.name(), attempt, partner.maxAttempts(), error, wait);
        } else {
            String message = (transientFailure ? "gave up after " + attempt + " attempts: " : "refused: ") + error;
            deliveries.markFailed(id, code, message);
            store.recordAttempt(id, owner, Status.FAILED, at, null, status, error, millis);
            log.warn("Webhook {} to partner {} FAILED: {}", id, partner.name(), message);
        }
        return true;
    }

    private static String head(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(RESPONSE_KEPT);
            return new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.strip());
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: keep our own backoff
        }
    }

    String owner() {
        return owner;
    }
}
