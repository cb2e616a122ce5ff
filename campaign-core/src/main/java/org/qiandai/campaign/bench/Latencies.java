package org.qiandai.campaign.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latencies in nanoseconds, sorted once: nearest-rank percentiles, as HdrHistogram reports them at full precision. */
public final class Latencies {

    private final long[] sorted;

    public Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code p} (0–1) percentile in milliseconds, one decimal; "—" for none. */
    public String ms(double p) {
        if (sorted.length == 0) {
            return "—";
        }
        long v = sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
        return String.format(Locale.ROOT, "%.1f", v / 1e6);
    }

    public String maxMs() {
        return ms(1.0);
    }
}
