package org.qiandai.web.campaigns;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.ObjectMapper;

/**
 * The campaign API through the real filter chain: the lifecycle with its history, four eyes, a reason for rejection,
 * activities, and who may call each endpoint.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + CampaignApiTests.PASSWORD})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignApiTests {

    static final String PASSWORD = "a-long-password";
    static final String PLAN = "{\"name\":\"冬季反诈宣传月\",\"goal\":\"降低养老诈骗\",\"from\":\"2026-12-01\",\"to\":\"2026-12-31\","
            + "\"districts\":[\"青山区\",\"东河区\"],\"segmentIds\":[],\"channels\":[\"sms-twilio\"],\"templateIds\":[]}";

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void users() {
        for (Role role : EnumSet.allOf(Role.class)) {
            create("c." + role.name().toLowerCase(), EnumSet.of(role));
        }
        create("c.publicity2", EnumSet.of(Role.PUBLICITY));
        create("c.leader2", EnumSet.of(Role.LEADER));
        create("c.both", EnumSet.of(Role.PUBLICITY, Role.LEADER));
    }

    private void create(String name, EnumSet<Role> roles) {
        if (accounts.find(name).isEmpty()) {
            accounts.create(name, PASSWORD, roles);
        }
    }

    @Test
    void aCampaignIsPlannedSubmittedApprovedAndCompletedWithItsHistory() throws Exception {
        String id = create();
        mvc.perform(as("c.publicity", put("/api/campaigns/" + id), PLAN.replace("冬季反诈宣传月", "冬季反诈宣传月（修订）")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("冬季反诈宣传月（修订）"));
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/submit"), "")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUBMITTED"));
        mvc.perform(as("c.publicity", put("/api/campaigns/" + id), PLAN)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.rule").value("status"));
        mvc.perform(as("c.leader", post("/api/campaigns/" + id + "/approve"), "")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"));
        mvc.perform(as("c.leader2", post("/api/campaigns/" + id + "/approve"), "")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(Matchers.containsString("APPROVED")));
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/activities"), "{\"kind\":\"COMMUNITY_VISIT\",\"title\":\"社区民警入户\","
                        + "\"place\":\"青山区幸福路社区\",\"from\":\"2026-12-05\",\"districts\":[\"青山区\"],\"estimatedAudience\":450}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.to").value("2026-12-05"))
                .andExpect(jsonPath("$.estimatedAudience").value(450));
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/complete"), "")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("COMPLETED"));

        mvc.perform(get("/api/campaigns/" + id).with(httpBasic("c.leader", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.history[*].action").value(Matchers.contains("created", "revised", "submitted", "approved", "completed")))
                .andExpect(jsonPath("$.history[3].by").value("c.leader"))
                .andExpect(jsonPath("$.history[3].from").value("SUBMITTED"))
                .andExpect(jsonPath("$.history[3].to").value("APPROVED"))
                .andExpect(jsonPath("$.history[3].at").exists())
                .andExpect(jsonPath("$.submittedBy").value("c.publicity"));
        mvc.perform(get("/api/campaigns/" + id + "/activities").with(httpBasic("c.admin", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].title").value("社区民警入户"));
        mvc.perform(get("/api/activities?from=2026-12-01&to=2026-12-10&district=青山区").with(httpBasic("c.leader", PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.campaignId == '" + id + "')]").exists());
        mvc.perform(get("/api/campaigns?status=COMPLETED&from=2026-12-15&to=2026-12-20").with(httpBasic("c.leader", PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == '" + id + "')]").exists());
        mvc.perform(get("/api/campaigns?status=DRAFT").with(httpBasic("c.leader", PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == '" + id + "')]").doesNotExist());
    }

    @Test
    void theSubmitterCannotApproveTheirOwnCampaign() throws Exception {
        String id = create("c.both");
        mvc.perform(as("c.both", post("/api/campaigns/" + id + "/submit"), "")).andExpect(status().isOk());
        mvc.perform(as("c.both", post("/api/campaigns/" + id + "/approve"), "")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.rule").value("not-the-submitter"))
                .andExpect(jsonPath("$.message").value(Matchers.containsString("another leader")));
        mvc.perform(as("c.both", post("/api/campaigns/" + id + "/reject"), "{\"reason\":\"x\"}")).andExpect(status().isForbidden());
        mvc.perform(as("c.admin", post("/api/campaigns/" + id + "/approve"), "")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"));
    }

    @Test
    void rejectingNeedsAReasonAndCancellingDoesNot() throws Exception {
        String id = create();
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/submit"), "")).andExpect(status().isOk());
        mvc.perform(as("c.leader", post("/api/campaigns/" + id + "/reject"), "")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.rule").value("reason-required"));
        mvc.perform(as("c.leader", post("/api/campaigns/" + id + "/reject"), "{\"reason\":\"  \"}")).andExpect(status().isBadRequest());
        mvc.perform(as("c.leader", post("/api/campaigns/" + id + "/reject"), "{\"reason\":\"缺少辖区\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED")).andExpect(jsonPath("$.reason").value("缺少辖区"));
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/cancel"), "")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/cancel"), "")).andExpect(status().isConflict());
        mvc.perform(as("c.publicity", post("/api/campaigns/cmp-none/submit"), "")).andExpect(status().isNotFound());
    }

    @Test
    void badPlansAnswer400NamingTheRule() throws Exception {
        mvc.perform(as("c.publicity", post("/api/campaigns"), PLAN.replace("2026-12-31", "2026-11-01"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.rule").value("period"));
        mvc.perform(as("c.publicity", post("/api/campaigns"), PLAN.replace("\"templateIds\":[]", "\"templateIds\":[\"tpl-none\"]")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.rule").value("unknown-template"));
        mvc.perform(as("c.publicity", post("/api/campaigns"), PLAN.replace("2026-12-01", "1 December")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(Matchers.startsWith("from")));
        mvc.perform(get("/api/campaigns?from=soon").with(httpBasic("c.leader", PASSWORD))).andExpect(status().isBadRequest());
    }

    @Test
    void everyEndpointChecksTheRole() throws Exception {
        String id = create();
        // Analysts reach nothing here.
        mvc.perform(get("/api/campaigns").with(httpBasic("c.analyst", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/campaigns/" + id).with(httpBasic("c.analyst", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/activities").with(httpBasic("c.analyst", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(as("c.analyst", post("/api/campaigns/" + id + "/cancel"), "")).andExpect(status().isForbidden());
        // Leaders and admins read, review and cancel, but do not plan.
        for (String user : new String[] {"c.leader", "c.admin", "c.analyst"}) {
            mvc.perform(as(user, post("/api/campaigns"), PLAN)).andExpect(status().isForbidden());
            mvc.perform(as(user, put("/api/campaigns/" + id), PLAN)).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/campaigns/" + id + "/submit"), "")).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/campaigns/" + id + "/complete"), "")).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/campaigns/" + id + "/activities"), "{}")).andExpect(status().isForbidden());
        }
        // The publicity team does not review.
        mvc.perform(as("c.publicity", post("/api/campaigns/" + id + "/submit"), "")).andExpect(status().isOk());
        mvc.perform(as("c.publicity2", post("/api/campaigns/" + id + "/approve"), "")).andExpect(status().isForbidden());
        mvc.perform(as("c.publicity2", post("/api/campaigns/" + id + "/reject"), "{\"reason\":\"r\"}")).andExpect(status().isForbidden());
        mvc.perform(get("/api/campaigns/" + id).with(httpBasic("c.publicity2", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUBMITTED"));
        mvc.perform(get("/api/campaigns/" + id)).andExpect(status().isUnauthorized());
    }

    private String create() throws Exception {
        return create("c.publicity");
    }

    private String create(String user) throws Exception {
        String answer = mvc.perform(as(user, post("/api/campaigns"), PLAN)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("DRAFT")).andExpect(jsonPath("$.owner").value(user))
                .andReturn().getResponse().getContentAsString();
        return json.readTree(answer).get("id").asString();
    }

    private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request, String body) {
        return request.with(httpBasic(user, PASSWORD)).contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
