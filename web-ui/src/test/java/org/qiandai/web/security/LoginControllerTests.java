package org.qiandai.web.security;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(LoginController.class)
@WithPageSecurity
class LoginControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    UserAccounts accounts;

    @Test
    void anyoneSeesTheLoginFormWithItsCsrfToken() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"login-form\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")))
                .andExpect(content().string(containsString("登录钱袋")))
                .andExpect(content().string(not(containsString("id=\"login-error\""))))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")));
    }

    @Test
    void saysWhenTheCredentialsWereWrong() throws Exception {
        mvc.perform(get("/login").param("error", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"login-error\"")))
                .andExpect(content().string(containsString("用户名或密码错误")));
    }

    @Test
    void confirmsTheLogout() throws Exception {
        mvc.perform(get("/login").param("logout", ""))
                .andExpect(content().string(containsString("您已安全退出")));
    }

    @Test
    void pagesHaveNoInlineScriptOrStyle() throws Exception {
        // The CSP refuses them, so they would silently not work.
        mvc.perform(get("/login"))
                .andExpect(content().string(not(containsString("style="))))
                .andExpect(content().string(not(containsString("<style"))))
                .andExpect(content().string(not(containsString("<script>"))))
                .andExpect(content().string(not(containsString(" onclick="))));
    }
}
