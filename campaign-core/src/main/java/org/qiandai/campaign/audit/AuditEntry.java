package org.qiandai.campaign.audit;

import java.time.Instant;

/**
 * One recorded action: {@code actor} did {@code action} to {@code objectType}/{@code objectId} at {@code at} from
 * {@code remoteAddress}. The {@code id} begins with the time ({@code t2026-12-01T10:00:00.123Z-…}), so ids sort as time does.
 */
public record AuditEntry(String id, Instant at, String actor, String action, String objectType, String objectId, String details,
                         String remoteAddress) {
}
