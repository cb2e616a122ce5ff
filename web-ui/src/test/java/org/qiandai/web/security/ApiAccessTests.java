package org.qiandai.web.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who reaches which API (the first administrator, {@code admin}, is created from {@code QIANDAI_ADMIN_PASSWORD}), through the real filter chain and real accounts: health is open, the API answers 401
 * without credentials, cases are for analysts only (an administrator administers but does not read victim records),
 * users are for administrators only, and a disabled user cannot sign in.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + ApiAccessTests.PASSWORD})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAccessTests {

    static final String PASSWORD = "a-long-password";

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    @BeforeAll
    void users() {
        for (Role role : EnumSet.of(Role.ANALYST, Role.LEADER, Role.PUBLICITY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
        accounts.create("retired", PASSWORD, EnumSet.of(Role.ANALYST));
        accounts.setEnabled("retired", false);
    }

    @Test
    void healthIsOpen() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void apiWithoutCredentialsIsUnauthorized() throws Exception {
        mvc.perform(get("/api/cases")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/users")).andExpect(status().isUnauthorized());
    }

    @Test
    void wrongPasswordIsUnauthorized() throws Exception {
        mvc.perform(get("/api/cases").with(httpBasic("analyst", "not-the-password"))).andExpect(status().isUnauthorized());
    }

    @Test
    void disabledUserCannotSignIn() throws Exception {
        mvc.perform(get("/api/cases").with(httpBasic("retired", PASSWORD))).andExpect(status().isUnauthorized());
    }

    @Test
    void casesAreForAnalystsOnly() throws Exception {
        mvc.perform(get("/api/cases").with(httpBasic("analyst", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.page.totalElements").exists());
        for (String user : new String[] {"admin", "leader", "publicity"}) {
            mvc.perform(get("/api/cases").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
            mvc.perform(get("/api/cases/imports").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
            mvc.perform(multipart("/api/cases/import").file(csv()).with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
        }
    }

    @Test
    void analystImportsWithBasicAuthAndNoCsrfToken() throws Exception {
        mvc.perform(multipart("/api/cases/import").file(csv()).with(httpBasic("analyst", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.format").value("csv"))
                .andExpect(jsonPath("$.rows").value(1));
    }

    @Test
    void usersAreForAdministratorsOnly() throws Exception {
        mvc.perform(get("/api/users").with(httpBasic("admin", PASSWORD))).andExpect(status().isOk());
        for (String user : new String[] {"analyst", "leader", "publicity"}) {
            mvc.perform(get("/api/users").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
        }
    }

    @Test
    void firstAdminGetsThePasswordFromTheEnvironment() throws Exception {
        mvc.perform(get("/api/users").with(httpBasic("admin", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.username == 'admin')].roles[0]").value("ADMIN"));
    }

    @Test
    void adminCreatesDisablesAndResetsUsers() throws Exception {
        mvc.perform(post("/api/users").with(httpBasic("admin", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"newbie\",\"password\":\"newbie-password\",\"roles\":[\"ANALYST\"]}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.roles[0]").value("ANALYST"))
                .andExpect(jsonPath("$.passwordHash").doesNotExist());
        mvc.perform(get("/api/cases").with(httpBasic("newbie", "newbie-password"))).andExpect(status().isOk());
        mvc.perform(post("/api/users").with(httpBasic("admin", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"newbie\",\"password\":\"newbie-password\",\"roles\":[\"ANALYST\"]}"))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/users").with(httpBasic("admin", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"short\",\"password\":\"short\",\"roles\":[\"ANALYST\"]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value("password must have at least 8 characters"));

        mvc.perform(post("/api/users/newbie/password").with(httpBasic("admin", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"password\":\"another-password\"}")).andExpect(status().isOk());
        mvc.perform(get("/api/cases").with(httpBasic("newbie", "newbie-password"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/cases").with(httpBasic("newbie", "another-password"))).andExpect(status().isOk());

        mvc.perform(post("/api/users/newbie/disable").with(httpBasic("admin", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(false));
        mvc.perform(get("/api/cases").with(httpBasic("newbie", "another-password"))).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/users/nobody/disable").with(httpBasic("admin", PASSWORD))).andExpect(status().isNotFound());
    }

    private static MockMultipartFile csv() {
        return new MockMultipartFile("file", "cases.csv", "text/csv",
                "案件编号,报案日期,所属辖区\nZ-1,2024-01-02,青山区\n".getBytes(StandardCharsets.UTF_8));
    }
}
