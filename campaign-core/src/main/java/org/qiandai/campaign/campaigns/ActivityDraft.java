package org.qiandai.campaign.campaigns;

import java.time.LocalDate;
import java.util.List;

/**
 * An offline activity as recorded: {@code to} may be null for a single day; {@code estimatedAudience} is an estimate
 * (people who heard or saw it), never a measured count.
 */
public record ActivityDraft(ActivityKind kind, String title, String place, LocalDate from, LocalDate to,
                            List<String> districts, Integer estimatedAudience, String notes) {
}
