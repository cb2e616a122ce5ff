package org.qiandai.web.channels;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Claim;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.Outcome;
import org.qiandai.campaign.deliveries.Settlement;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.traffic.ChannelTraffic;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The push page's progress and failures with their codes, the failures API, and a channel's recent traffic page and
 * API, through the real filter chain: what the publicity team and leaders see, and that no number shows.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + ChannelPagesTests.PASSWORD})
@AutoConfigureMockMvc
@Import(ChannelFixtures.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelPagesTests {

    static final String PASSWORD = "a-long-password";

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired Pushes pushes;
    @Autowired PushScheduler scheduler;
    @Autowired PlannerFakes.Audience audience;
    @Autowired PlannerFakes.Campaigns campaigns;
    @Autowired PhoneCrypto crypto;
    @Autowired Deliveries deliveries;
    @Autowired ChannelTraffic traffic;
    @Autowired InboundReplies replies;
    @Autowired MongoTemplate mongo;
    @Autowired ChannelFixtures.RunningClock clock;

    String push;

    @BeforeAll
    void setUp() {
        ChannelFixtures.clean(mongo);
        clock.setLocal("2026-12-01T10:00:00");
        for (Role role : EnumSet.of(Role.ANALYST, Role.LEADER, Role.PUBLICITY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
        push = ChannelFixtures.runningPush(pushes, scheduler, audience, campaigns, crypto, "sms-twilio", 5);
        List<Delivery> held = deliveries.claim(deliveries.queued(push, null, 4), new Claim("k1", "test", clock.instant().plusSeconds(30)));
        deliveries.settle("k1", List.of(
                Settlement.of(held.get(0), DeliveryStatus.SENT, Outcome.provider("SM1"), 1),
                Settlement.of(held.get(1), DeliveryStatus.FAILED, Outcome.error("21211", "The 'To' number is not a valid phone number."), 1),
                Settlement.of(held.get(2), DeliveryStatus.OPTED_OUT, Outcome.error("21610", "unsubscribed recipient"), 1),
                Settlement.of(held.get(3), DeliveryStatus.UNKNOWN, Outcome.error("UNKNOWN_OUTCOME", "connection reset"), 1)));
        traffic.flush();
        replies.record("sms-twilio", "SM-reply-1", "+8613900000001", "TD");
    }

    @Test
    void thePushPageShowsProgressAndFailuresWithTheirCodes() throws Exception {
        mvc.perform(get("/pushes/" + push).with(httpBasic("publicity", PASSWORD))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"push-progress\"")))
                .andExpect(content().string(containsString("21211")))
                .andExpect(content().string(containsString("21610")))
                .andExpect(content().string(containsString("UNKNOWN_OUTCOME")))
                .andExpect(content().string(containsString("已退订")))
                .andExpect(content().string(containsString("/channels/sms-twilio/traffic")))
                .andExpect(content().string(not(containsString("+86138"))));
        mvc.perform(get("/pushes/" + push).param("lang", "en").with(httpBasic("leader", PASSWORD))).andExpect(status().isOk())
                .andExpect(content().string(containsString("Failures and their codes")))
                .andExpect(content().string(containsString("Outcome unknown")));
        mvc.perform(get("/api/pushes/" + push).with(httpBasic("leader", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.counts.OPTED_OUT").value(1)).andExpect(jsonPath("$.counts.UNKNOWN").value(1))
                .andExpect(jsonPath("$.counts.QUEUED").value(1))
                .andExpect(jsonPath("$.failures.21211").value(1)).andExpect(jsonPath("$.failures.21610").value(1));
    }

    @Test
    void theFailuresApiPagesThroughFailedDeliveriesWithoutNumbers() throws Exception {
        mvc.perform(get("/api/pushes/" + push + "/failures").param("limit", "2").with(httpBasic("publicity", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(2))
                .andExpect(jsonPath("$.content[0].errorCode").value("21211"))
                .andExpect(jsonPath("$.content[0].status").value("FAILED"))
                .andExpect(jsonPath("$.content[0].contactId").value("ct-00001"))
                .andExpect(jsonPath("$.content[0].encryptedPhone").doesNotExist())
                .andExpect(jsonPath("$.next").value(push + ":0:ct-00002"));
        mvc.perform(get("/api/pushes/" + push + "/failures").param("after", push + ":0:ct-00002").with(httpBasic("publicity", PASSWORD)))
                .andExpect(jsonPath("$.content.length()").value(1)).andExpect(jsonPath("$.content[0].status").value("UNKNOWN"))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(get("/api/pushes/nope/failures").with(httpBasic("publicity", PASSWORD))).andExpect(status().isNotFound());
        mvc.perform(get("/api/pushes/" + push + "/failures").with(httpBasic("analyst", PASSWORD))).andExpect(status().isForbidden());
    }

    @Test
    void aChannelsRecentTrafficIsShownPerMinute() throws Exception {
        mvc.perform(get("/api/channels/sms-twilio/traffic").param("minutes", "5").with(httpBasic("leader", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.channel").value("sms-twilio"))
                .andExpect(jsonPath("$.minutes.length()").value(5))
                .andExpect(jsonPath("$.minutes[4].minute").value("2026-12-01T10:00"))
                .andExpect(jsonPath("$.minutes[4].counts.SENT").value(1))
                .andExpect(jsonPath("$.minutes[4].counts.FAILED").value(1))
                .andExpect(jsonPath("$.minutes[4].counts.SENDING").value(4))
                .andExpect(jsonPath("$.minutes[4].total").value(8));
        mvc.perform(get("/channels/sms-twilio/traffic").with(httpBasic("publicity", PASSWORD))).andExpect(status().isOk())
                .andExpect(content().string(containsString("139****0001")))
                .andExpect(content().string(containsString(push)))
                .andExpect(content().string(not(containsString("13900000001"))));
        mvc.perform(get("/channels/sms-twilio/traffic").with(httpBasic("analyst", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/channels/sms-twilio/traffic").param("minutes", "0").with(httpBasic("leader", PASSWORD))).andExpect(status().isBadRequest());
    }
}
