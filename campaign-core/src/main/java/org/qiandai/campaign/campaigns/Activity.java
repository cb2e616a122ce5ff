package org.qiandai.campaign.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An offline activity recorded against a campaign. {@code estimatedAudience} is an estimate, labelled so everywhere. */
public record Activity(String id, String campaignId, ActivityKind kind, String title, String place, LocalDate from,
                       LocalDate to, List<String> districts, int estimatedAudience, String notes, String recordedBy,
                       Instant recordedAt) {
}
