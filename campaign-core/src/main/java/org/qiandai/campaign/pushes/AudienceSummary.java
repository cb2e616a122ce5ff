package org.qiandai.campaign.pushes;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a push reaches: {@code recipients} messaged, and segment members left out per reason. Every member streamed
 * from the segments is counted exactly once: {@code recipients + Σ excluded = Σ segment sizes}.
 */
public record AudienceSummary(long recipients, Map<ExclusionReason, Long> excluded) {

    public static AudienceSummary of(long recipients, Map<ExclusionReason, Long> excluded) {
        Map<ExclusionReason, Long> all = new LinkedHashMap<>();
        for (ExclusionReason reason : ExclusionReason.values()) {
            all.put(reason, excluded.getOrDefault(reason, 0L));
        }
        return new AudienceSummary(recipients, all);
    }

    public static AudienceSummary empty() {
        return of(0, new EnumMap<>(ExclusionReason.class));
    }

    public long excludedTotal() {
        return excluded.values().stream().mapToLong(Long::longValue).sum();
    }
}
