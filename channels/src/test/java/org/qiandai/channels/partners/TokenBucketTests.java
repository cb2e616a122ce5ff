package org.qiandai.channels.partners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-partner rate: a burst of one second's worth, then one token every 1/rate seconds. */
class TokenBucketTests {

    @Test
    void holdsTheRateAfterTheBurst() throws Exception {
        TokenBucket bucket = new TokenBucket(40);
        long t0 = System.nanoTime();
        for (int i = 0; i < 40 + 20; i++) {
            bucket.acquire();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // 40 at once, then 20 at 40/s: 0.5 s (generous upper margin for a loaded machine)
        assertThat(seconds).isBetween(0.45, 3.0);
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
}
