package org.qiandai.campaign.campaigns;

import java.util.Optional;

/**
 * What pushes need of campaigns; implemented by {@link Campaigns}.
 */
public interface CampaignLifecycle {

    Optional<CampaignView> get(String id);

    /** APPROVED → RUNNING when its first push is queued (no-op if already RUNNING); recorded with who and when. */
    CampaignView markRunning(String id, String by);
}
