package org.qiandai.campaign.campaigns;

import org.qiandai.campaign.EmbeddedTestStore;
import org.springframework.test.context.ContextConfiguration;

/** The campaign lifecycle on the embedded MongoDB-compatible server. */
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CampaignsEmbeddedTests extends AbstractCampaignsTests {
}
