package org.qiandai.channels.dispatch;

import java.time.Duration;

import org.qiandai.channels.Settings;
import org.springframework.core.env.Environment;

/**
 * The dispatcher's settings, {@code qiandai.channels.dispatch.*}: whether it runs here ({@code enabled}, true), how
 * many deliveries a claim takes ({@code batch-size}, 200), the claims' lease ({@code lease}, 30 s: a crashed
 * instance's claims are taken over after it), how often an idle channel looks for work ({@code poll}, 1 s), sends per
 * delivery ({@code max-attempts}, 3), the first retry delay, doubled per attempt ({@code retry-delay}, 2 s) up to
 * {@code max-retry-delay} (2 m), whether the do-not-contact list and the frequency cap are checked again just before
 * sending ({@code recheck}, true), and how often results are written ({@code flush}, 100 ms).
 */
public record DispatchSettings(boolean enabled, int batchSize, Duration lease, Duration poll, int maxAttempts, Duration retryDelay,
                               Duration maxRetryDelay, boolean recheck, Duration flush) {

    public DispatchSettings {
        if (batchSize < 1 || batchSize > 5000) {
            throw new IllegalArgumentException("qiandai.channels.dispatch.batch-size must be 1–5000, not " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("qiandai.channels.dispatch.max-attempts must be at least 1, not " + maxAttempts);
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("qiandai.channels.dispatch.lease must be at least 1s, not " + lease);
        }
    }

    public static DispatchSettings from(Environment env) {
        return new DispatchSettings(env.getProperty("qiandai.channels.dispatch.enabled", Boolean.class, true),
                env.getProperty("qiandai.channels.dispatch.batch-size", Integer.class, 200),
                duration(env, "lease", "30s"), duration(env, "poll", "1s"),
                env.getProperty("qiandai.channels.dispatch.max-attempts", Integer.class, 3),
                duration(env, "retry-delay", "2s"), duration(env, "max-retry-delay", "2m"),
                env.getProperty("qiandai.channels.dispatch.recheck", Boolean.class, true), duration(env, "flush", "100ms"));
    }

    private static Duration duration(Environment env, String key, String fallback) {
        return Settings.duration(env, "qiandai.channels.dispatch." + key, fallback);
    }

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} transient failures. */
    Duration retryDelay(int attempt) {
        Duration d = retryDelay.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }
}
