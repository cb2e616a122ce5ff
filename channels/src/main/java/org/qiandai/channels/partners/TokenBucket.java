package org.qiandai.channels.partners;

/**
 * A token bucket of {@code rate} tokens per second holding at most {@code max(1, rate)}; {@link #acquire} waits for a
 * token. A rate of 0 means no limit.
 */
final class TokenBucket {

    private final double rate;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double rate) {
        this.rate = rate;
        this.capacity = Math.max(1, rate);
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    void acquire() throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                waitNanos = (long) Math.ceil((1 - tokens) / rate * 1e9);
            }
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
