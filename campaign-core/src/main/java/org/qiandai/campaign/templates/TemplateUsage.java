package org.qiandai.campaign.templates;

import java.util.List;

/**
 * Which campaigns hold a warning fixed: one submitted for approval, approved, running or completed may not have its
 * warnings changed under it. Implemented by the campaigns (so that templates do not depend on them).
 */
public interface TemplateUsage {

    /** Ids of the campaigns past DRAFT (and not cancelled or rejected) that use the template. */
    List<String> lockingCampaigns(String templateId);
}
