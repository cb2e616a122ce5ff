package org.qiandai.campaign.campaigns;

import org.qiandai.campaign.MongoDbTestStore;
import org.springframework.test.context.ContextConfiguration;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The campaign lifecycle on a real MongoDB in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@ContextConfiguration(initializers = MongoDbTestStore.class)
class CampaignsMongoDbTests extends AbstractCampaignsTests {
}
