package org.qiandai.channels;

import org.junit.jupiter.api.BeforeEach;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.testapp.ChannelsTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * What the channel tests on the embedded store share: campaign-core and channels around an in-memory store, the
 * fixtures ({@link ChannelFixtures}) and the beans a dispatcher is made of, a clean store and 10:00 on 2026-12-01 before
 * each test. Subclasses share one context.
 */
@SpringBootTest(classes = ChannelsTestApplication.class, properties = "qiandai.pushes.scheduler.enabled=false")
@ContextConfiguration(initializers = EmbeddedTestStore.class)
@Import(ChannelFixtures.class)
public abstract class ChannelStoreTests {

    @Autowired protected Deliveries deliveries;
    @Autowired protected MongoTemplate mongo;
    @Autowired protected Pushes pushes;
    @Autowired protected PushScheduler scheduler;
    @Autowired protected PushStates states;
    @Autowired protected PushRules rules;
    @Autowired protected PhoneCrypto crypto;
    @Autowired protected DoNotContactList dnc;
    @Autowired protected StoreDurability durability;
    @Autowired protected ChannelFixtures.RunningClock clock;
    @Autowired protected PlannerFakes.Audience audience;
    @Autowired protected PlannerFakes.Campaigns campaigns;

    @BeforeEach
    void cleanStore() {
        ChannelFixtures.clean(mongo);
        clock.setLocal("2026-12-01T10:00:00");
    }

    /** A RUNNING push on {@code channel} to {@code n} recipients ({@link ChannelFixtures#runningPush}). */
    protected String runningPush(String channel, int n) {
        return ChannelFixtures.runningPush(pushes, scheduler, audience, campaigns, crypto, channel, n);
    }
}
