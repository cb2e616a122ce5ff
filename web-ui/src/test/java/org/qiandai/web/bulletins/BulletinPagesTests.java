package org.qiandai.web.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.StoredCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The bulletin pages with the real service and store (MockMvc, the production security rules): paste a bulletin, review
 * its drafts with their spans marked, correct and confirm one into a case record, discard another; refusals come back
 * on the page with the values as typed; only analysts reach the pages.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false"})
@AutoConfigureMockMvc
class BulletinPagesTests {

    static final String PAGE = "<html><head><title>九原区两起典型案例</title><meta name='PubDate' content='2024-12-20'></head><body>"
            + "<p><strong>案例一</strong></p><p>12月3日，九原区居民高某（男，38岁，企业职工）在家中通过抖音结识“投资导师”，在虚假APP上投资，共计损失21.5万元。</p>"
            + "<p><strong>案例二</strong></p><p>12月9日，九原区学生周某（男，21岁）在宿舍内接到自称“学校老师”的电话，转账4300元。</p></body></html>";

    @Autowired
    MockMvc mvc;
    @Autowired
    CaseQueries cases;

    @Test
    void anAnalystPastesABulletinReviewsItsDraftsAndConfirmsOneIntoACaseRecord() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String list = page(get("/cases/bulletins"), session);
        assertThat(list).contains("id=\"bulletin-form\"").contains("案情通报");

        MvcResult read = mvc.perform(post("/cases/bulletins").param("html", PAGE).param("source", "九原区公安分局")
                .with(csrf()).with(analyst()).session(session)).andReturn();
        assertThat(read.getResponse().getStatus()).isEqualTo(302);
        String location = read.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/cases/bulletins/bl-");
        String id = location.substring("/cases/bulletins/".length());

        String review = page(get(location), session);
        assertThat(review).contains("九原区两起典型案例").contains("2024-12-20").contains("九原区公安分局")
                .contains("<mark class=\"hl hl-age\" data-fields=\"age\">38岁</mark>")
                .contains("<mark class=\"hl hl-loss\" data-fields=\"loss\">21.5万元</mark>")
                .contains("value=\"215000\"").contains("value=\"2024-12-03\"").contains("/js/bulletin-review.js");
        String first = id + "-001";
        String second = id + "-002";

        // a wrong value comes back on the page with the message and the values as typed
        String refused = page(post("/cases/bulletins/{b}/drafts/{d}/confirm", id, first).param("age", "200").param("loss", "215000")
                .param("district", "九原区").param("caseNo", "JY-1203").with(csrf()), session);
        assertThat(refused).contains("fields.age").contains("value=\"200\"").contains("value=\"JY-1203\"");
        assertThat(cases.get("JY-1203")).isEmpty();

        // corrected and confirmed: a case record with the analyst's values, the bulletin as its source
        MvcResult confirmed = mvc.perform(post("/cases/bulletins/{b}/drafts/{d}/confirm", id, first).param("caseNo", "JY-1203")
                .param("reportDate", "2024-12-03").param("district", "九原区").param("age", "39").param("gender", "男")
                .param("occupation", "企业职工").param("venue", "家中").param("fraudType", "虚假网络投资理财")
                .param("contactChannel", "短视频平台").param("loss", "215000").with(csrf()).with(analyst()).session(session)).andReturn();
        assertThat(confirmed.getResponse().getRedirectedUrl()).isEqualTo(location + "#" + first);
        String after = page(get(location), session);
        assertThat(after).contains("已入库为案件").contains("href=\"/cases/JY-1203\"");
        StoredCase stored = cases.get("JY-1203").orElseThrow();
        assertThat(stored.victimAge()).isEqualTo(39);
        assertThat(stored.contactChannel()).isEqualTo("短视频平台");
        assertThat(stored.importBatchIds()).containsExactly(id);
        String caseDetail = page(get("/cases/JY-1203"), session);
        assertThat(caseDetail).contains("href=\"/cases/bulletins/" + id + "\"");

        // the other is discarded, and back for review when reopened
        mvc.perform(post("/cases/bulletins/{b}/drafts/{d}/discard", id, second).with(csrf()).with(analyst()).session(session));
        assertThat(page(get(location), session)).contains("已舍弃").contains("恢复待确认");
        mvc.perform(post("/cases/bulletins/{b}/drafts/{d}/reopen", id, second).with(csrf()).with(analyst()).session(session));
        assertThat(page(get(location), session)).contains("该案例已恢复为待确认");
        assertThat(cases.find(new org.qiandai.campaign.cases.CaseFilter(null, null, null, null, null, id),
                org.springframework.data.domain.PageRequest.of(0, 10)).getTotalElements()).isEqualTo(1);

        // the same page again goes to the bulletin kept before; the list shows it with its progress
        MvcResult again = mvc.perform(post("/cases/bulletins").param("html", PAGE).with(csrf()).with(analyst()).session(session)).andReturn();
        assertThat(again.getResponse().getRedirectedUrl()).isEqualTo(location);
        assertThat(page(get(location), session)).contains("此前已读取过");
        assertThat(page(get("/cases/bulletins"), session)).contains(location).contains("九原区两起典型案例");
        assertThat(page(get(location + "?lang=en"), session)).contains("Stored as case").contains("Confidence");
    }

    @Test
    void aPageThatCannotBeReadComesBackWithTheReasonAndWhatWasTyped() throws Exception {
        String refused = page(post("/cases/bulletins").param("html", "   ").param("source", "某某分局").with(csrf()), new MockHttpSession());
        assertThat(refused).contains("id=\"bulletin-refused\"").contains("multipart field").contains("value=\"某某分局\"");
        String badDate = page(post("/cases/bulletins").param("html", "<p>x</p>").param("published", "2024/13/40").with(csrf()),
                new MockHttpSession());
        assertThat(badDate).contains("published");
    }

    @Test
    void onlyAnalystsReachTheBulletinPages() throws Exception {
        for (String role : List.of("ADMIN", "LEADER", "PUBLICITY")) {
            assertThat(mvc.perform(get("/cases/bulletins").with(user("someone").roles(role))).andReturn().getResponse().getStatus())
                    .isEqualTo(403);
        }
        MvcResult stranger = mvc.perform(get("/cases/bulletins")).andReturn();
        assertThat(stranger.getResponse().getRedirectedUrl()).endsWith("/login");
        assertThat(mvc.perform(get("/cases/bulletins/bl-000000000000").with(analyst())).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor analyst() {
        return user("page-analyst").roles("ANALYST");
    }

    private String page(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        MvcResult result = mvc.perform(request.with(analyst()).session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
