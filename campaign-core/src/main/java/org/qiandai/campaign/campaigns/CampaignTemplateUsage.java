package org.qiandai.campaign.campaigns;

import java.util.List;

import org.qiandai.campaign.templates.TemplateUsage;
import org.springframework.stereotype.Component;

/** A warning is fixed while a campaign that uses it is submitted, approved, running or completed. */
@Component
class CampaignTemplateUsage implements TemplateUsage {

    private static final List<CampaignStatus> LOCKING = List.of(CampaignStatus.SUBMITTED, CampaignStatus.APPROVED,
            CampaignStatus.RUNNING, CampaignStatus.COMPLETED);

    private final CampaignStore store;

    CampaignTemplateUsage(CampaignStore store) {
        this.store = store;
    }

    @Override
    public List<String> lockingCampaigns(String templateId) {
        return store.usingTemplate(templateId, LOCKING);
    }
}
