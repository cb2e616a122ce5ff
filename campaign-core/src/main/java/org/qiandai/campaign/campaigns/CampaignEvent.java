package org.qiandai.campaign.campaigns;

import java.time.Instant;

/**
 * What happened to a campaign, published as an application event once it is stored (pushes stop on
 * {@link CampaignCancelled}; analytics may follow the others).
 */
public sealed interface CampaignEvent {

    String campaignId();

    String by();

    Instant at();

    record CampaignCreated(String campaignId, String by, Instant at) implements CampaignEvent {
    }

    record CampaignRevised(String campaignId, String by, Instant at) implements CampaignEvent {
    }

    record CampaignSubmitted(String campaignId, String by, Instant at) implements CampaignEvent {
    }

    record CampaignApproved(String campaignId, String by, Instant at) implements CampaignEvent {
    }

    record CampaignRejected(String campaignId, String by, Instant at, String reason) implements CampaignEvent {
    }

    record CampaignCancelled(String campaignId, String by, Instant at, String reason) implements CampaignEvent {
    }

    record CampaignStarted(String campaignId, String by, Instant at) implements CampaignEvent {
    }

    record CampaignCompleted(String campaignId, String by, Instant at) implements CampaignEvent {
    }
}
