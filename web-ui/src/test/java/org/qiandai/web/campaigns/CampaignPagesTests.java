package org.qiandai.web.campaigns;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.Campaigns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The campaign and warning pages by role: who reaches which page, which buttons each sees, and page forms refused. */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + CampaignApiTests.PASSWORD})
@AutoConfigureMockMvc
class CampaignPagesTests {

    static final RequestPostProcessor PUBLICITY = user("p.pub").roles("PUBLICITY");
    static final RequestPostProcessor LEADER = user("p.leader").roles("LEADER");
    static final RequestPostProcessor ANALYST = user("p.analyst").roles("ANALYST");

    @Autowired
    MockMvc mvc;

    @Autowired
    Campaigns campaigns;

    CampaignDetails submitted(String by) {
        CampaignDetails c = campaigns.create(new CampaignDraft("页面测试", "目标", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31),
                List.of("青山区"), List.of(), List.of(), List.of()), "p.pub");
        return campaigns.submit(c.id(), by);
    }

    @Test
    void analystsReachNoCampaignOrWarningPage() throws Exception {
        for (String page : new String[] {"/campaigns", "/campaigns/new", "/campaigns/calendar", "/templates", "/templates/new"}) {
            mvc.perform(get(page).with(ANALYST)).andExpect(status().isForbidden());
        }
    }

    @Test
    void leadersReviewButDoNotPlanOrWrite() throws Exception {
        CampaignDetails c = submitted("p.pub");
        mvc.perform(get("/campaigns").with(LEADER)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"awaiting\"")));
        mvc.perform(get("/campaigns/" + c.id()).with(LEADER)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"campaign-approve\"")))
                .andExpect(content().string(containsString("id=\"campaign-reject\"")))
                .andExpect(content().string(not(containsString("id=\"campaign-submit\""))));
        mvc.perform(get("/campaigns/calendar?month=2026-12").with(LEADER)).andExpect(status().isOk())
                .andExpect(content().string(containsString("页面测试")));
        mvc.perform(get("/campaigns/new").with(LEADER)).andExpect(status().isForbidden());
        mvc.perform(get("/templates/new").with(LEADER)).andExpect(status().isForbidden());
        mvc.perform(post("/templates").with(LEADER).with(csrf()).param("name", "x")).andExpect(status().isForbidden());
        mvc.perform(post("/campaigns/" + c.id() + "/complete").with(LEADER).with(csrf())).andExpect(status().isForbidden());
        // Rejecting through the page without a reason comes back with the refusal.
        mvc.perform(post("/campaigns/" + c.id() + "/reject").with(LEADER).with(csrf()).param("reason", " "))
                .andExpect(redirectedUrl("/campaigns/" + c.id()))
                .andExpect(flash().attribute("refused", containsString("reason")));
        mvc.perform(post("/campaigns/" + c.id() + "/approve").with(LEADER).with(csrf()))
                .andExpect(redirectedUrl("/campaigns/" + c.id())).andExpect(flash().attribute("notice", "approved"));
    }

    @Test
    void thePublicityTeamPlansButDoesNotReview() throws Exception {
        CampaignDetails c = submitted("p.pub");
        mvc.perform(get("/campaigns/" + c.id()).with(PUBLICITY)).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"campaign-approve\""))))
                .andExpect(content().string(containsString("id=\"campaign-cancel\"")));
        mvc.perform(post("/campaigns/" + c.id() + "/approve").with(PUBLICITY).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/campaigns/new").with(PUBLICITY)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"campaign-form\"")));
        mvc.perform(post("/campaigns").with(PUBLICITY).with(csrf()).param("name", "坏日期").param("from", "2026-12-31").param("to", "2026-12-01"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"campaign-refused\"")));
        mvc.perform(post("/campaigns").with(PUBLICITY).param("name", "无令牌").param("from", "2026-12-01").param("to", "2026-12-31"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/templates/new?lang=en").with(PUBLICITY)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Length and parts")))
                .andExpect(content().string(containsString("/js/template-editor.js")));
    }

    @Test
    void aLeaderWhoSubmittedIsToldAnotherMustReview() throws Exception {
        CampaignDetails c = submitted("p.both");
        mvc.perform(get("/campaigns/" + c.id()).with(user("p.both").roles("PUBLICITY", "LEADER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"own-submission\"")))
                .andExpect(content().string(not(containsString("id=\"campaign-approve\""))));
        mvc.perform(post("/campaigns/" + c.id() + "/approve").with(user("p.both").roles("PUBLICITY", "LEADER")).with(csrf()))
                .andExpect(flash().attribute("refused", containsString("another leader")));
    }
}
