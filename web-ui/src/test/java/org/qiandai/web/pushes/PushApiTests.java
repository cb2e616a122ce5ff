package org.qiandai.web.pushes;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The push API through the real filter chain and real accounts, around in-memory contacts, templates and campaigns
 * ({@link PlannerFakes}): the JSON names of the audience and counters, 409 for a campaign not approved, 400s that say
 * what, pause/resume/cancel, and who may do what.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + PushApiTests.PASSWORD})
@AutoConfigureMockMvc
@Import(PlannerFakes.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushApiTests {

    static final String PASSWORD = "a-long-password";

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired PlannerFakes.Audience audience;
    @Autowired PlannerFakes.Dnc dnc;
    @Autowired PlannerFakes.Campaigns campaigns;
    @Autowired PlannerFakes.MutableClock clock;
    @Autowired PushScheduler scheduler;
    @Autowired Deliveries deliveries;

    @BeforeAll
    void setUp() {
        for (Role role : EnumSet.of(Role.ANALYST, Role.LEADER, Role.PUBLICITY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
        clock.setLocal("2026-12-01T10:00:00");
        audience.segments.put("seg-1", PlannerFakes.people("p", 12, "东河区"));
        audience.segments.put("seg-2", PlannerFakes.people("p", 2, "东河区"));
        dnc.hashes.add("hp-0");
        campaigns.put("c-ok", CampaignStatus.APPROVED, List.of("东河区"), List.of("seg-1"));
        campaigns.put("c-draft", CampaignStatus.DRAFT, List.of(), List.of("seg-1"));
    }

    static final String BODY = "{\"channel\": \"sms-twilio\", \"templateId\": \"tpl-sms\", \"segmentIds\": [\"seg-1\", \"seg-2\"],"
            + " \"schedule\": {\"at\": null, \"repeat\": null}}";

    @Test
    void previewCreateReadPauseResumeCancel() throws Exception {
        mvc.perform(as("publicity", post("/api/campaigns/c-ok/pushes/preview")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.audience.recipients").value(11))
                .andExpect(jsonPath("$.audience.excluded.DO_NOT_CONTACT").value(1))
                .andExpect(jsonPath("$.audience.excluded.FREQUENCY_CAP").value(0))
                .andExpect(jsonPath("$.audience.excluded.OUTSIDE_DISTRICTS").value(0))
                .andExpect(jsonPath("$.audience.excluded.DUPLICATE").value(2))
                .andExpect(jsonPath("$.audience.excluded.INVALID_NUMBER").value(0));
        String body = mvc.perform(as("publicity", post("/api/campaigns/c-ok/pushes")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/pushes/push-")))
                .andExpect(jsonPath("$.id").value(startsWith("push-")))
                .andExpect(jsonPath("$.status").value("SCHEDULED"))
                .andExpect(jsonPath("$.audience.recipients").value(11))
                .andExpect(jsonPath("$.audience.excluded.DUPLICATE").value(2))
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(body, "$.id");
        scheduler.runDue();
        deliveries.claim(id + ":0:p-1", "d", clock.instant().plusSeconds(30));
        deliveries.markSent(id + ":0:p-1", "SM1");
        deliveries.markDelivered(id + ":0:p-1");
        deliveries.markSent(id + ":0:p-1", "SM1");

        mvc.perform(as("leader", get("/api/pushes/" + id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.counts.QUEUED").value(10))
                .andExpect(jsonPath("$.counts.SENDING").value(0))
                .andExpect(jsonPath("$.counts.SENT").value(0))
                .andExpect(jsonPath("$.counts.DELIVERED").value(1))
                .andExpect(jsonPath("$.counts.FAILED").value(0))
                .andExpect(jsonPath("$.counts.UNDELIVERED").value(0))
                .andExpect(jsonPath("$.counts.EXPIRED").value(0))
                .andExpect(jsonPath("$.counts.CANCELLED").value(0))
                .andExpect(jsonPath("$.campaignId").value("c-ok"));
        mvc.perform(as("leader", get("/api/campaigns/c-ok/pushes"))).andExpect(status().isOk()).andExpect(jsonPath("$[0].id").value(id));

        mvc.perform(as("publicity", post("/api/pushes/" + id + "/pause"))).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PAUSED"));
        mvc.perform(as("publicity", post("/api/pushes/" + id + "/pause"))).andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("PAUSED")));
        mvc.perform(as("publicity", post("/api/pushes/" + id + "/resume"))).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("RUNNING"));
        mvc.perform(as("publicity", post("/api/pushes/" + id + "/cancel")).contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"重复\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.statusReason").value("重复"))
                .andExpect(jsonPath("$.counts.QUEUED").value(0))
                .andExpect(jsonPath("$.counts.CANCELLED").value(10));
        mvc.perform(as("publicity", post("/api/pushes/" + id + "/resume"))).andExpect(status().isConflict());
        mvc.perform(as("publicity", get("/api/pushes/push-none"))).andExpect(status().isNotFound());
    }

    @Test
    void aCampaignNotApprovedAnswers409WithTheReason() throws Exception {
        mvc.perform(as("publicity", post("/api/campaigns/c-draft/pushes")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("DRAFT")));
        mvc.perform(as("publicity", post("/api/campaigns/c-draft/pushes/preview")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isConflict());
        mvc.perform(as("publicity", post("/api/campaigns/c-none/pushes")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isNotFound());
    }

    @Test
    void badRequestsSayWhat() throws Exception {
        mvc.perform(as("publicity", post("/api/campaigns/c-ok/pushes")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\": \"sms-twilio\", \"templateId\": \"missing\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(containsString("templateId")));
        mvc.perform(as("publicity", post("/api/campaigns/c-ok/pushes")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\": \"sms-twilio\", \"templateId\": \"tpl-sms\", \"schedule\": {\"at\": \"tomorrow\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(containsString("schedule.at")));
        mvc.perform(as("publicity", post("/api/campaigns/c-ok/pushes")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\": \"sms-twilio\", \"templateId\": \"tpl-sms\", \"schedule\": {\"repeat\": {\"every\": \"HOURLY\", \"until\": \"2026-12-31\"}}}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void publicityWritesLeadersReadOthersNot() throws Exception {
        mvc.perform(get("/api/pushes/push-x")).andExpect(status().isUnauthorized());
        for (String user : List.of("leader", "analyst", "admin")) {
            mvc.perform(as(user, post("/api/campaigns/c-ok/pushes")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                    .andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/campaigns/c-ok/pushes/preview")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                    .andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/pushes/push-x/cancel"))).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/pushes/push-x/pause"))).andExpect(status().isForbidden());
        }
        for (String user : List.of("analyst", "admin")) {
            mvc.perform(as(user, get("/api/pushes/push-x"))).andExpect(status().isForbidden());
            mvc.perform(as(user, get("/api/campaigns/c-ok/pushes"))).andExpect(status().isForbidden());
            mvc.perform(as(user, get("/pushes"))).andExpect(status().isForbidden());
        }
        mvc.perform(as("leader", get("/api/pushes"))).andExpect(status().isOk());
    }

    @Test
    void pagesScheduleShowAndCancelAPush() throws Exception {
        mvc.perform(as("publicity", get("/pushes/new").param("campaignId", "c-ok"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"push-preview\"")))
                .andExpect(content().string(containsString("value=\"c-ok\"")));
        String location = mvc.perform(as("publicity", post("/pushes/new")).with(csrf()).param("campaignId", "c-ok").param("channel", "sms-twilio")
                        .param("templateId", "tpl-sms").param("segmentIds", "seg-1").param("at", "2026-12-05T10:00"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("/pushes/push-*"))
                .andReturn().getResponse().getRedirectedUrl();
        mvc.perform(as("publicity", post("/pushes/new")).with(csrf()).param("campaignId", "c-draft").param("channel", "sms-twilio")
                        .param("templateId", "tpl-sms"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("DRAFT")));
        mvc.perform(as("leader", get(location))).andExpect(status().isOk())
                .andExpect(content().string(containsString("2026-12-05T10:00+08:00")))
                .andExpect(content().string(containsString("data-count=\"QUEUED\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"push-cancel\""))));
        mvc.perform(as("leader", get("/pushes").param("lang", "en"))).andExpect(status().isOk())
                .andExpect(content().string(containsString(location.substring("/pushes/".length()))))
                .andExpect(content().string(containsString("Delivered")));
        mvc.perform(as("publicity", get(location))).andExpect(content().string(containsString("id=\"push-cancel\"")));
        mvc.perform(as("leader", post(location + "/cancel")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(as("publicity", post(location + "/cancel")).with(csrf()).param("reason", "改期"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(as("publicity", get(location))).andExpect(content().string(containsString("改期")))
                .andExpect(content().string(containsString("已取消")));
    }

    private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.with(httpBasic(user, PASSWORD));
    }
}
