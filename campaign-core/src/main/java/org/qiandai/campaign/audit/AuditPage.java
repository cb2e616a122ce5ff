package org.qiandai.campaign.audit;

import java.util.List;

/** A page of entries, newest first; {@code next} is the {@code before} of the following page, null after the last. */
public record AuditPage(List<AuditEntry> content, String next) {
}
