package org.qiandai.campaign.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A campaign with everything the API and pages show: its plan, status, who submitted it, and its history, oldest first. */
public record CampaignDetails(String id, String name, String goal, LocalDate from, LocalDate to, List<String> districts,
                              List<String> segmentIds, List<String> channels, List<String> templateIds, String owner,
                              CampaignStatus status, String submittedBy, String reason, Instant createdAt, Instant updatedAt,
                              List<CampaignTransition> history) {

    public CampaignView view() {
        return new CampaignView(id, name, goal, from, to, districts, segmentIds, owner, status);
    }
}
