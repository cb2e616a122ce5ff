package org.qiandai.web.users;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.campaign.users.UserView;
import org.qiandai.web.security.WithPageSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(UserPages.class)
@WithPageSecurity
class UserPagesTests {

    static final Instant AT = Instant.parse("2024-05-01T02:00:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    UserAccounts accounts;

    @Test
    void anAdministratorSeesTheAccounts() throws Exception {
        given(accounts.list()).willReturn(List.of(
                new UserView("admin", Set.of(Role.ADMIN), true, AT, AT),
                new UserView("lina", Set.of(Role.ANALYST), false, AT, AT)));

        mvc.perform(get("/users").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("lina")))
                .andExpect(content().string(containsString("action=\"/users/lina/enable\"")))
                .andExpect(content().string(not(containsString("action=\"/users/admin/disable\""))))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void nobodyElseDoes() throws Exception {
        mvc.perform(get("/users").with(user("lina").roles("ANALYST", "LEADER", "PUBLICITY")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/users"))
                .andExpect(status().is3xxRedirection());
        verifyNoInteractions(accounts);
    }

    @Test
    void createsAnAccountWithTheTickedRoles() throws Exception {
        mvc.perform(post("/users").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("username", "lina").param("password", "long-enough-1")
                        .param("roles", "ANALYST").param("roles", "LEADER"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/users"))
                .andExpect(flash().attribute("notice", "users.created"));
        verify(accounts).create("lina", "long-enough-1", EnumSet.of(Role.ANALYST, Role.LEADER), java.util.List.of());
    }

    @Test
    void createsAnOfficerWithTheDistrictsItServes() throws Exception {
        mvc.perform(post("/users").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("username", "wang").param("password", "long-enough-1")
                        .param("roles", "OFFICER").param("districts", "东河区、青山区, 东河区"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "users.created"));
        verify(accounts).create("wang", "long-enough-1", EnumSet.of(Role.OFFICER), java.util.List.of("东河区", "青山区"));
    }

    @Test
    void refusesAFormWithoutItsCsrfToken() throws Exception {
        mvc.perform(post("/users").with(user("admin").roles("ADMIN"))
                        .param("username", "lina").param("password", "long-enough-1").param("roles", "ANALYST"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(accounts);
    }

    @Test
    void disablesAndEnables() throws Exception {
        mvc.perform(post("/users/lina/disable").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/users"));
        verify(accounts).setEnabled("lina", false);
        mvc.perform(post("/users/lina/enable").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/users"));
        verify(accounts).setEnabled("lina", true);
    }

    @Test
    void anAdministratorCannotDisableThemself() throws Exception {
        mvc.perform(post("/users/admin/disable").with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("/users"))
                .andExpect(flash().attribute("problemKey", "users.cannotDisableSelf"));
        verify(accounts, never()).setEnabled(anyString(), anyBoolean());
    }
}
