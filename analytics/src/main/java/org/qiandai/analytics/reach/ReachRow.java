package org.qiandai.analytics.reach;

/**
 * One group's figures. {@code measuredReach} is measured: distinct people with at least one warning confirmed
 * delivered in the period (never impressions). {@code delivered}, {@code sent} and {@code failed} count warnings to
 * people (measured). {@code impressions} and {@code reportedUniqueUsers} are reported by partners;
 * {@code estimated} is offline activities' estimated audiences; {@code activities} and {@code pushOccurrences} are the
 * actions recorded.
 */
public record ReachRow(String key, String label, long measuredReach, long delivered, long sent, long failed, long impressions,
                       long estimated, long reportedUniqueUsers, long activities, long pushOccurrences) {

    /** Offline activities and push occurrences together. */
    public long actions() {
        return activities + pushOccurrences;
    }
}
