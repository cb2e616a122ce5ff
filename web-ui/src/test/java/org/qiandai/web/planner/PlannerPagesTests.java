package org.qiandai.web.planner;

import static org.assertj.core.api.Assertions.assertThat;
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

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.contacts.ContactDraft;
import org.qiandai.campaign.contacts.Contacts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The planner's contact, do-not-contact and segment editor pages by role; numbers stay masked in every page. */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false",
        "qiandai.crypto.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
@AutoConfigureMockMvc
class PlannerPagesTests {

    static final RequestPostProcessor PUBLICITY = user("c.pub").roles("PUBLICITY");
    static final Pattern CLEAR_NUMBER = Pattern.compile("1[3-9]\\d{9}");

    @Autowired
    MockMvc mvc;

    @Autowired
    Contacts contacts;

    @Test
    void onlyThePublicityTeamReachesContactsAndTheDncList() throws Exception {
        for (String page : new String[] {"/contacts", "/contacts/import", "/dnc"}) {
            mvc.perform(get(page).with(PUBLICITY)).andExpect(status().isOk());
            for (String role : new String[] {"ANALYST", "ADMIN", "LEADER"}) {
                mvc.perform(get(page).with(user("c." + role.toLowerCase()).roles(role))).andExpect(status().isForbidden());
            }
        }
        mvc.perform(post("/dnc").with(user("c.leader").roles("LEADER")).with(csrf()).param("phone", "13800000001"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/contacts").with(PUBLICITY)).andExpect(content().string(containsString("href=\"/dnc\"")));
        mvc.perform(get("/").with(user("c.analyst").roles("ANALYST"))).andExpect(content().string(not(containsString("href=\"/contacts\""))));
    }

    @Test
    void theContactsPageNeverShowsANumberInClear() throws Exception {
        contacts.add(new ContactDraft("13912345678", "东河区", 66, null, "女", "退休", "初中", null, "社区登记", null), "c.pub");
        contacts.add(new ContactDraft("+86 158 0000 1234", "青山区", null, 2001, "男", "学生", "本科", "en", "职业学校", null), "c.pub");
        String page = mvc.perform(get("/contacts").with(PUBLICITY)).andExpect(status().isOk())
                .andExpect(content().string(containsString("139****5678")))
                .andExpect(content().string(containsString("data-reveal-url=\"/api/contacts/")))
                .andReturn().getResponse().getContentAsString();
        assertThat(CLEAR_NUMBER.matcher(page).find()).as("a number in clear").isFalse();
        String filtered = mvc.perform(get("/contacts?district=青山区&lang=en").with(PUBLICITY)).andExpect(status().isOk())
                .andExpect(content().string(containsString("158****1234")))
                .andExpect(content().string(not(containsString("139****5678"))))
                .andExpect(content().string(containsString("Reveal")))
                .andReturn().getResponse().getContentAsString();
        assertThat(CLEAR_NUMBER.matcher(filtered).find()).isFalse();
    }

    @Test
    void addingOneIsCheckedByTheServer() throws Exception {
        mvc.perform(post("/contacts").with(PUBLICITY).with(csrf()).param("phone", "12345").param("district", "东河区"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"contact-refused\"")))
                .andExpect(content().string(containsString("phone:")));
        mvc.perform(post("/contacts").with(PUBLICITY).with(csrf()).param("phone", "13700000042").param("age", "abc"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("is not a whole number")));
        mvc.perform(post("/contacts").with(PUBLICITY).with(csrf()).param("phone", "13700000042").param("district", "九原区")
                        .param("age", "35").param("gender", "女").param("consentDate", "2024-03-01"))
                .andExpect(redirectedUrl("/contacts")).andExpect(flash().attribute("added", "137****0042"));
        mvc.perform(post("/contacts").with(PUBLICITY).param("phone", "13700000043")).andExpect(status().isForbidden());
    }

    @Test
    void theSegmentEditorIsForAnalystsAndThePublicityTeam() throws Exception {
        for (String role : new String[] {"ANALYST", "PUBLICITY"}) {
            mvc.perform(get("/segments/new").with(user("s." + role.toLowerCase()).roles(role))).andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"segment-form\"")))
                    .andExpect(content().string(containsString("data-save-method=\"POST\"")))
                    .andExpect(content().string(containsString("达尔罕茂明安联合旗")))
                    .andExpect(content().string(containsString("/js/segment-editor.js")));
            mvc.perform(get("/segments").with(user("s." + role.toLowerCase()).roles(role))).andExpect(status().isOk())
                    .andExpect(content().string(containsString("href=\"/segments/new\"")));
        }
        mvc.perform(get("/segments/new").with(user("s.leader").roles("LEADER"))).andExpect(status().isForbidden());
        mvc.perform(get("/segments/nope/edit").with(PUBLICITY)).andExpect(status().isNotFound());
    }

    @Test
    void theDncListTakesNumbersAndShowsThemMasked() throws Exception {
        mvc.perform(post("/dnc").with(PUBLICITY).with(csrf()).param("phone", "13600000077").param("reason", "电话要求退订"))
                .andExpect(redirectedUrl("/dnc")).andExpect(flash().attribute("added", "136****0077"));
        String page = mvc.perform(get("/dnc").with(PUBLICITY)).andExpect(status().isOk())
                .andExpect(content().string(containsString("136****0077"))).andExpect(content().string(containsString("电话要求退订")))
                .andReturn().getResponse().getContentAsString();
        assertThat(CLEAR_NUMBER.matcher(page).find()).isFalse();
        mvc.perform(post("/dnc").with(PUBLICITY).with(csrf()).param("phone", "not a number"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"dnc-refused\"")));
    }
}
