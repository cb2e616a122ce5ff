package org.qiandai.campaign.campaigns;

import java.time.Instant;

/**
 * One entry of a campaign's history: who did what when, the status before and after, and the reason given.
 *
 * @param action created, revised, submitted, approved, rejected, cancelled, started, completed
 * @param from   null for {@code created}
 */
public record CampaignTransition(String action, CampaignStatus from, CampaignStatus to, String by, Instant at, String reason) {
}
