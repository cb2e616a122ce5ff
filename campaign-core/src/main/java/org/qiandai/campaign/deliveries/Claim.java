package org.qiandai.campaign.deliveries;

import java.time.Instant;

/**
 * A channel's hold on deliveries it claimed: its {@code id} (stored in each held delivery's {@code claim}), the
 * instance that owns it and the lease that instance gave itself.
 */
public record Claim(String id, String owner, Instant leaseUntil) {
}
