package org.qiandai.campaign.audit;

import java.time.Instant;

/**
 * Which entries to read, newest first: by {@code user} (the actor, exactly), {@code action} (exactly, or every action
 * beginning with the text before a trailing {@code *}: {@code campaign.*}), at or after {@code from} and before
 * {@code to} (either may be null), older than the entry {@code before} (the previous page's {@code next}), at most
 * {@code limit}.
 */
public record AuditQuery(String user, String action, Instant from, Instant to, String before, int limit) {

    public AuditQuery {
        user = blankToNull(user);
        action = blankToNull(action);
        before = blankToNull(before);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    AuditQuery withBefore(String id, int newLimit) {
        return new AuditQuery(user, action, from, to, id, newLimit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
