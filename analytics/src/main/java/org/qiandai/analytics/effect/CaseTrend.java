package org.qiandai.analytics.effect;

import java.time.Instant;
import java.util.List;

/**
 * Cases and losses per month ({@code months}, oldest first; every list aligned with it), in all and by district, fraud
 * type and victim profile (the profiles target segments were saved from, matched by their rules: a case may fit more
 * than one), with the campaigns whose periods fall in the range, to be marked on the chart. Counts only, never a case.
 */
public record CaseTrend(List<String> months, List<Long> cases, List<Double> losses, List<Series> byDistrict, List<Series> byFraudType,
                        List<Series> byProfile, List<CampaignPeriod> campaigns, Instant countedAt, boolean recounting) {

    /** One group's cases and losses per month. */
    public record Series(String key, String label, List<Long> cases, List<Double> losses) {
    }
}
