package org.qiandai.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The one rate limit of every channel: one token every 1/rate seconds after a tenth of a second's burst, no limit at 0, back-off. */
class TokenBucketTests {

    @Test
    void holdsTheRate() throws Exception {
        TokenBucket bucket = new TokenBucket(40);
        long t0 = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            bucket.acquire();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // 60 at 40/s: 1.5 s less the first token (generous upper margin for a loaded machine)
        assertThat(seconds).isBetween(1.4, 4.0);
    }

    @Test
    void zeroIsNoLimit() throws Exception {
        TokenBucket bucket = new TokenBucket(0);
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            bucket.acquire();
        }
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
    }

    @Test
    void aSlowDownPausesAndAStopEndsTheWait() {
        TokenBucket bucket = new TokenBucket(0);
        bucket.backOff();
        AtomicBoolean stop = new AtomicBoolean();
        long t0 = System.nanoTime();
        assertThat(bucket.acquire(stop::get)).isTrue(); // waited out the first back-off
        assertThat((System.nanoTime() - t0) / 1e6).isGreaterThan(400);
        bucket.backOff(); // the second is twice as long: a stop ends it
        stop.set(true);
        assertThat(bucket.acquire(stop::get)).isFalse();
    }
}
