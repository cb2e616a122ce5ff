package org.qiandai.campaign.campaigns;

import java.time.LocalDate;
import java.util.List;

/** What other parts need of a campaign. Fields may grow; these stay. */
public record CampaignView(String id, String name, String goal, LocalDate from, LocalDate to, List<String> districts,
                           List<String> segmentIds, String owner, CampaignStatus status) {
}
