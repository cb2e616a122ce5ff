package org.qiandai.campaign.campaigns;

/** DRAFT → SUBMITTED → APPROVED → RUNNING → COMPLETED, or CANCELLED / REJECTED with a reason. */
public enum CampaignStatus {
    DRAFT, SUBMITTED, APPROVED, RUNNING, COMPLETED, CANCELLED, REJECTED
}
