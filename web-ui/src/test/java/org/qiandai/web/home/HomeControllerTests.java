package org.qiandai.web.home;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.ImportProgress;
import org.qiandai.campaign.cases.ImportStatus;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.web.security.WithPageSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(HomeController.class)
@WithPageSecurity
class HomeControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CaseQueries cases;

    @MockitoBean
    CaseImports imports;

    @Test
    void sendsStrangersToTheLoginPage() throws Exception {
        mvc.perform(get("/"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void showsAnAnalystTheStoredCasesAndLatestImports() throws Exception {
        given(cases.count()).willReturn(12345L);
        given(imports.list()).willReturn(List.of(summary("b1", "包头2024.xlsx")));

        mvc.perform(get("/").with(user("lina").roles("ANALYST")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("欢迎，lina")))
                .andExpect(content().string(containsString("12,345")))
                .andExpect(content().string(containsString("包头2024.xlsx")))
                .andExpect(content().string(containsString("href=\"/cases/import\"")))
                .andExpect(content().string(not(containsString("href=\"/users\""))));
    }

    @Test
    void doesNotReadCaseDataForAnAdministrator() throws Exception {
        mvc.perform(get("/").with(user("root").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/users\"")))
                .andExpect(content().string(not(containsString("href=\"/cases\""))));
        verifyNoInteractions(cases, imports);
    }

    @Test
    void speaksChineseWhateverTheBrowserAsks() throws Exception {
        mvc.perform(get("/").with(user("wang").roles("LEADER")).header("Accept-Language", "en-US,en;q=0.9"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("lang=\"zh-CN\"")))
                .andExpect(content().string(containsString("首页")))
                .andExpect(content().string(containsString("退出登录")));
    }

    @Test
    void switchesToEnglishAndRemembersIt() throws Exception {
        MvcResult english = mvc.perform(get("/").param("lang", "en").with(user("wang").roles("LEADER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("lang=\"en\"")))
                .andExpect(content().string(containsString("Welcome, wang")))
                .andExpect(content().string(containsString("Sign out")))
                .andExpect(content().string(not(containsString("退出登录"))))
                .andReturn();
        Cookie remembered = english.getResponse().getCookie("qiandai-lang");
        assertThat(remembered).isNotNull();

        mvc.perform(get("/").cookie(remembered).with(user("wang").roles("LEADER")))
                .andExpect(content().string(containsString("Welcome, wang")));
        mvc.perform(get("/").param("lang", "zh-CN").cookie(remembered).with(user("wang").roles("LEADER")))
                .andExpect(content().string(containsString("欢迎，wang")));
    }

    @Test
    void languageLinksKeepThePageAndItsQuery() throws Exception {
        mvc.perform(get("/?x=1").with(user("wang").roles("LEADER")))
                .andExpect(content().string(containsString("href=\"/?x=1&amp;lang=en\"")));
    }

    static ImportSummary summary(String batchId, String fileName) {
        Instant at = Instant.parse("2024-05-01T02:00:00Z");
        return new ImportSummary(batchId, fileName, "xlsx", ImportStatus.DONE, "lina", at, at.plusSeconds(3),
                5, 4, 0, 0, 1, List.of(), List.of(), false, new ImportProgress("done", 100, 5), null);
    }
}
