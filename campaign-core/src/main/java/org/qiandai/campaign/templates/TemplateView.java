package org.qiandai.campaign.templates;

import java.time.Instant;
import java.util.List;

/**
 * A saved warning as the API and pages show it: the {@link WarningTemplate} fields, its counts, who changed it, and
 * on the answer to a save what the cleaner removed ({@code removed}, empty when read back).
 */
public record TemplateView(String id, String name, String channel, String language, String body, String signature,
                           String encoding, int parts, int characters, int units, List<String> variables,
                           String createdBy, Instant createdAt, String updatedBy, Instant updatedAt, List<String> removed,
                           List<String> lockedBy) {

    public WarningTemplate template() {
        return new WarningTemplate(id, name, channel, language, body, signature, encoding, parts, createdAt);
    }
}
