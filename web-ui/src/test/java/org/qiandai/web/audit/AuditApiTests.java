package org.qiandai.web.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.audit.AuditEntry;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The audit trail through the real application: what users do is recorded with who, what, which object and from where
 * (the proxy's {@code X-Forwarded-For} only because 127.0.0.1 is configured as a trusted proxy here); administrators
 * read it newest first, filtered and paged, and download it with formula-looking text kept as text; nobody else does.
 * Also the sign-in defences: throttling after repeated failures, a new session id at sign-in, CSRF on forms, headers.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + AuditApiTests.PASSWORD,
        "qiandai.security.trusted-proxies=127.0.0.1", "qiandai.security.login.max-failures=3",
        "qiandai.security.login.max-failures-per-address=1000"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTests {

    static final String PASSWORD = "a-long-password";

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts accounts;
    @Autowired
    AuditLog audit;

    @BeforeAll
    void users() {
        accounts.create("leader", PASSWORD, EnumSet.of(Role.LEADER));
        accounts.create("victim", PASSWORD, EnumSet.of(Role.ANALYST));
    }

    @Test
    void recordsUserChangesWithTheClientAddressAndReadsThemBack() throws Exception {
        mvc.perform(post("/api/users").with(httpBasic("admin", PASSWORD)).header("X-Forwarded-For", "203.0.113.9, 127.0.0.1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"audited.one\",\"password\":\"audited-password\",\"roles\":[\"ANALYST\"]}"))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/users/audited.one/roles").with(httpBasic("admin", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"ANALYST\",\"PUBLICITY\"]}")).andExpect(status().isOk());
        // refused: nothing happened, nothing recorded
        mvc.perform(post("/api/users").with(httpBasic("admin", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"audited.two\",\"password\":\"password123\",\"roles\":[\"ANALYST\"]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message", containsString("too common")));

        mvc.perform(get("/api/audit").param("action", "user.*").param("user", "admin").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].action").value("user.roles"))
                .andExpect(jsonPath("$.content[0].objectId").value("audited.one"))
                .andExpect(jsonPath("$.content[0].details").value(containsString("PUBLICITY")))
                .andExpect(jsonPath("$.content[1].action").value("user.create"))
                .andExpect(jsonPath("$.content[1].objectType").value("user"))
                .andExpect(jsonPath("$.content[1].objectId").value("audited.one"))
                .andExpect(jsonPath("$.content[1].remoteAddress").value("203.0.113.9"))
                .andExpect(jsonPath("$.content[1].at").exists())
                .andExpect(jsonPath("$.content[2]").doesNotExist());
    }

    @Test
    void pagesFiltersAndRefusesBadFilters() throws Exception {
        for (int i = 0; i < 5; i++) {
            audit.record("pager", "test.page", "thing", "t" + i, null, "127.0.0.1");
        }
        MvcResult first = mvc.perform(get("/api/audit").param("user", "pager").param("limit", "2").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.content[0].objectId").value("t4"))
                .andExpect(jsonPath("$.content[1].objectId").value("t3")).andReturn();
        String next = com.jayway.jsonpath.JsonPath.read(first.getResponse().getContentAsString(), "$.next");
        mvc.perform(get("/api/audit").param("user", "pager").param("limit", "2").param("before", next).with(httpBasic("admin", PASSWORD)))
                .andExpect(jsonPath("$.content[0].objectId").value("t2"));
        mvc.perform(get("/api/audit").param("from", "2026-12-31").param("to", "2026-12-01").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message", containsString("must be before")));
        mvc.perform(get("/api/audit").param("from", "yesterday").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message", containsString("from: 'yesterday'")));
        mvc.perform(get("/api/audit").param("limit", "501").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message", containsString("qiandai.audit.max-page-size")));
        mvc.perform(get("/api/audit").param("from", "2000-01-01").param("to", "2000-01-02").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.content").isEmpty());
    }

    @Test
    void onlyAdministratorsReadOrExportIt() throws Exception {
        for (String path : List.of("/api/audit", "/api/audit/export.csv", "/api/audit/export.xlsx", "/audit")) {
            mvc.perform(get(path).with(httpBasic("leader", PASSWORD))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/audit")).andExpect(status().isUnauthorized());
    }

    @Test
    void exportsKeepFormulaLookingTextAsText() throws Exception {
        audit.record("export.tester", "test.export", "thing", "=HYPERLINK(\"http://evil\")", "+1 and -1", "127.0.0.1");
        MvcResult csv = mvc.perform(get("/api/audit/export.csv").param("user", "export.tester").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk()).andExpect(header().string("Content-Disposition", containsString("qiandai-audit-"))).andReturn();
        String text = new String(csv.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFid,at,actor,action,objectType,objectId,details,remoteAddress\r\n");
        assertThat(text).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"").contains("'+1 and -1");

        MvcResult xlsx = mvc.perform(get("/api/audit/export.xlsx").param("user", "export.tester").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk()).andReturn();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getResponse().getContentAsByteArray()))) {
            Cell objectId = wb.getSheetAt(0).getRow(1).getCell(5);
            assertThat(objectId.getStringCellValue()).isEqualTo("=HYPERLINK(\"http://evil\")");
            assertThat(objectId.getCellStyle().getQuotePrefixed()).isTrue();
        }
        List<AuditEntry> exports = audit.search(new org.qiandai.campaign.audit.AuditQuery("admin", "audit.export", null, null, null, 10)).content();
        assertThat(exports).isNotEmpty().allMatch(e -> e.details().contains("user=export.tester"));
    }

    @Test
    void throttlesSignInsAfterRepeatedFailuresAndRecordsThem() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/api/cases").with(httpBasic("victim", "wrong-password"))).andExpect(status().isUnauthorized());
        }
        // now even the right password waits
        mvc.perform(get("/api/cases").with(httpBasic("victim", PASSWORD))).andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
        mvc.perform(post("/login").with(csrf()).param("username", "victim").param("password", PASSWORD))
                .andExpect(status().is3xxRedirection()).andExpect(header().string("Location", containsString("/login?locked=")));
        List<AuditEntry> entries = audit.search(new org.qiandai.campaign.audit.AuditQuery("victim", "auth.*", null, null, null, 10)).content();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("auth.locked", "auth.locked", "auth.failure", "auth.failure", "auth.failure");
        assertThat(entries.get(2).details()).isEqualTo("basic: bad-credentials");
        assertThat(entries).allMatch(e -> e.objectId().equals("victim"));
    }

    @Test
    void formSignInGetsANewSessionAndIsRecorded() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String before = session.getId();
        MvcResult signedIn = mvc.perform(post("/login").session(session).with(csrf()).param("username", "leader").param("password", PASSWORD))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(signedIn.getRequest().getSession().getId()).isNotEqualTo(before);
        assertThat(audit.search(new org.qiandai.campaign.audit.AuditQuery("leader", "auth.success", null, null, null, 10)).content())
                .anyMatch(e -> "form".equals(e.details()));
    }

    @Test
    void formsNeedTheCsrfTokenAndAnswersCarryTheSecurityHeaders() throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(post("/login").with(csrf()).param("username", "admin").param("password", PASSWORD))
                .andReturn().getRequest().getSession();
        mvc.perform(post("/users").session(session).param("username", "sneaky").param("password", "sneaky-password").param("roles", "ADMIN"))
                .andExpect(status().isForbidden());
        assertThat(accounts.find("sneaky")).isEmpty();
        mvc.perform(get("/audit").session(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Referrer-Policy", "same-origin"))
                .andExpect(header().string("Permissions-Policy", containsString("camera=()")));
    }
}
