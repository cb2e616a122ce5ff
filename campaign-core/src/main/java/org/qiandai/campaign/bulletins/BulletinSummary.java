package org.qiandai.campaign.bulletins;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A kept bulletin without its drafts: what it is (title, publication date, source, the file or address it came from),
 * who read it when, and how many of its drafts were confirmed or discarded (running counters).
 */
public record BulletinSummary(String bulletinId, String title, LocalDate published, String source, String fileName,
                              String importedBy, Instant importedAt, int drafts, int confirmed, int discarded) {

    /** Drafts still waiting for a decision. */
    public int open() {
        return drafts - confirmed - discarded;
    }
}
