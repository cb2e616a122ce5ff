package org.qiandai.channels;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The rate limit of every channel (the dispatcher's SMS lanes, each partner's webhooks): {@code rate} tokens a second,
 * holding at most a tenth of a second's worth (at least one), so a channel never sends faster than its rate over any
 * stretch longer than that. A provider's "slow down" pauses it for a back-off that doubles (0.5 s up to 30 s) until a
 * send goes through. Rate zero or less: no limit.
 */
public final class TokenBucket {

    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long intervalNanos;
    private final long burstNanos;
    private long next = System.nanoTime();
    private long backoff = FIRST_BACKOFF_NANOS;
    private long pausedUntil = System.nanoTime();

    public TokenBucket(double rate) {
        this.intervalNanos = rate <= 0 ? 0 : (long) (1e9 / rate);
        this.burstNanos = Math.max(intervalNanos, (long) (intervalNanos * rate * 0.1));
    }

    /** Waits for a token; answers false (without one) when {@code stop} turns true, or the thread is interrupted, while waiting. */
    public boolean acquire(BooleanSupplier stop) {
        long wait = reserve();
        long until = System.nanoTime() + wait;
        while (wait > 0) {
            if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
            wait = until - System.nanoTime();
        }
        return true;
    }

    /** Waits for a token. */
    public void acquire() throws InterruptedException {
        if (!acquire(() -> false)) {
            throw new InterruptedException("interrupted while waiting for a token");
        }
    }

    /**
     * A token for an urgent send: at once, taken from the ordinary sends (the next of them waits one interval longer),
     * so that urgent and ordinary sends together keep to the rate on average; unless the provider asked to slow down,
     * which urgent sends wait out like the others.
     */
    public boolean acquireUrgent(BooleanSupplier stop) {
        synchronized (this) {
            long now = System.nanoTime();
            if (pausedUntil - now <= 0) {
                next = Math.max(next, now - burstNanos) + intervalNanos;
                return true;
            }
        }
        return acquire(stop);
    }

    private synchronized long reserve() {
        long now = System.nanoTime();
        if (intervalNanos == 0 && next <= now) {
            return 0;
        }
        next = Math.max(next, now - burstNanos);
        long wait = next - now;
        next += intervalNanos;
        return Math.max(0, wait);
    }

    /**
     * The provider said "slow down": no token for the current back-off, which then doubles. Answers that arrive
     * while already backing off (sends that were in flight) do not lengthen it.
     */
    public synchronized void backOff() {
        long now = System.nanoTime();
        if (pausedUntil - now > 0) {
            return;
        }
        pausedUntil = now + backoff;
        next = Math.max(next, pausedUntil);
        backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
    }

    /** A send went through: the back-off starts small again. */
    public synchronized void recover() {
        backoff = FIRST_BACKOFF_NANOS;
    }
}
