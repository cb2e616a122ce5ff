package org.qiandai.web.templates;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The warnings API through the real filter chain: saving, the rule that refuses, preview, cleaning, and who may do what. */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + TemplateApiTests.PASSWORD})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateApiTests {

    static final String PASSWORD = "a-long-password";

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void users() {
        for (Role role : EnumSet.allOf(Role.class)) {
            String name = "t." + role.name().toLowerCase();
            if (accounts.find(name).isEmpty()) {
                accounts.create(name, PASSWORD, EnumSet.of(role));
            }
        }
    }

    @Test
    void anSmsWarningIsSavedWithItsPartsAndEncoding() throws Exception {
        String body = "{\"name\":\"冒充公检法\",\"channel\":\"SMS\",\"language\":\"zh-CN\",\"body\":\"" + "请".repeat(70) + "{hotline}\"}";
        String answer = mvc.perform(as("t.publicity", post("/api/templates"), body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", Matchers.containsString("/api/templates/tpl-")))
                .andExpect(jsonPath("$.id").exists())
                .andExpect(jsonPath("$.channel").value("sms"))
                .andExpect(jsonPath("$.parts").value(2))
                .andExpect(jsonPath("$.encoding").value("UCS-2"))
                .andExpect(jsonPath("$.signature").value("【包头公安】"))
                .andExpect(jsonPath("$.units").value(6 + 70 + 5))
                .andExpect(jsonPath("$.createdBy").value("t.publicity"))
                .andReturn().getResponse().getContentAsString();
        String id = json.readTree(answer).get("id").asString();
        for (String reader : new String[] {"t.publicity", "t.leader", "t.admin"}) {
            mvc.perform(get("/api/templates/" + id).with(httpBasic(reader, PASSWORD))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.body").value(Matchers.endsWith("{hotline}")));
        }
        mvc.perform(get("/api/templates").with(httpBasic("t.leader", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + id + "')]").exists());
        mvc.perform(as("t.publicity", put("/api/templates/" + id),
                        "{\"name\":\"改\",\"channel\":\"sms-smpp\",\"language\":\"en\",\"body\":\"Call {hotline} [police]\",\"signature\":\"[Baotou Police]\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.encoding").value("GSM-7")).andExpect(jsonPath("$.parts").value(1))
                .andExpect(jsonPath("$.units").value("[Baotou Police]Call 96110 [police]".length() + 4))
                .andExpect(jsonPath("$.updatedBy").value("t.publicity"));
        mvc.perform(as("t.publicity", put("/api/templates/tpl-none"), body)).andExpect(status().isNotFound());
        mvc.perform(get("/api/templates/tpl-none").with(httpBasic("t.publicity", PASSWORD))).andExpect(status().isNotFound());
    }

    @Test
    void aRefusedWarningAnswers400NamingTheRule() throws Exception {
        mvc.perform(as("t.publicity", post("/api/templates"), "{\"name\":\"退款\",\"channel\":\"SMS\",\"language\":\"zh-CN\",\"body\":\"退款请点 t.cn/A6xYz\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.rule").value("no-links"))
                .andExpect(jsonPath("$.message").value(Matchers.containsString("genuine police warnings carry none")));
        mvc.perform(as("t.publicity", post("/api/templates"), "{\"name\":\"x\",\"channel\":\"SMS\",\"language\":\"zh-CN\",\"body\":\"{name}您好\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.rule").value("unknown-variable"));
        mvc.perform(as("t.publicity", post("/api/templates"), "{\"name\":\"x\",\"channel\":\"SMS\",\"language\":\"zh-CN\",\"body\":\"{hotline\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.rule").value("unbalanced-brace"));
        mvc.perform(as("t.publicity", post("/api/templates"), "{\"name\":\"x\",\"channel\":\"fax\",\"language\":\"zh-CN\",\"body\":\"b\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.rule").value("unknown-channel"));
        mvc.perform(as("t.publicity", post("/api/templates"), "{\"name\":"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.rule").value("json"));
    }

    @Test
    void previewCountsAndCleansWithoutSaving() throws Exception {
        String html = "<p onclick=\\\"x()\\\">注意</p><script>alert(1)</script><a href=\\\"javascript:alert(1)\\\">点</a>";
        JsonNode preview = json.readTree(mvc.perform(as("t.publicity", post("/api/templates/preview"),
                        "{\"name\":\"\",\"channel\":\"partner-card\",\"language\":\"zh-CN\",\"body\":\"" + html + "\"}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(preview.get("body").asString()).isEqualTo("<p>注意</p>点");
        assertThat(preview.get("removed").toString()).contains("<script>").contains("<p onclick>").contains("javascript:");
        assertThat(preview.get("problems").get(0).get("rule").asString()).isEqualTo("name-required");
        // The default signature 【包头公安】 is outside GSM-7 and makes even an English text UCS-2; the answer says which characters did.
        mvc.perform(as("t.publicity", post("/api/templates/preview"),
                        "{\"name\":\"n\",\"channel\":\"SMS\",\"language\":\"en\",\"body\":\"" + "a".repeat(150) + "€\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.sms.encoding").value("UCS-2"))
                .andExpect(jsonPath("$.sms.forcingUcs2[0]").value("【")).andExpect(jsonPath("$.parts").value(3));
        mvc.perform(as("t.publicity", post("/api/templates/preview"),
                        "{\"name\":\"n\",\"channel\":\"SMS\",\"language\":\"en\",\"signature\":\"[BT]\",\"body\":\"" + "a".repeat(150) + "€\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.sms.encoding").value("GSM-7"))
                // [ and ] are extension characters: 2 septets each
                .andExpect(jsonPath("$.sms.units").value(6 + 150 + 2)).andExpect(jsonPath("$.parts").value(1))
                .andExpect(jsonPath("$.encoding").value("GSM-7"));
    }

    @Test
    void richContentIsSavedCleanedAndTheAnswerSaysWhatWasRemoved() throws Exception {
        mvc.perform(as("t.publicity", post("/api/templates"), "{\"name\":\"卡片\",\"channel\":\"mms\",\"language\":\"zh-CN\","
                        + "\"body\":\"<p>注意<img src=x onerror=alert(1)></p><iframe src=//evil></iframe>\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.encoding").value("HTML"))
                .andExpect(jsonPath("$.body").value("<p>注意</p>"))
                .andExpect(jsonPath("$.removed", Matchers.hasItems("<img onerror>", "<iframe>")));
    }

    @Test
    void onlyThePublicityTeamWritesWarnings() throws Exception {
        String body = "{\"name\":\"n\",\"channel\":\"SMS\",\"language\":\"zh-CN\",\"body\":\"请拨打{hotline}\"}";
        for (String user : new String[] {"t.analyst", "t.leader", "t.admin"}) {
            mvc.perform(as(user, post("/api/templates"), body)).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/templates/preview"), body)).andExpect(status().isForbidden());
            mvc.perform(as(user, put("/api/templates/tpl-x"), body)).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/templates").with(httpBasic("t.analyst", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/templates/tpl-x").with(httpBasic("t.analyst", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/templates")).andExpect(status().isUnauthorized());
    }

    private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request, String body) {
        return request.with(httpBasic(user, PASSWORD)).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static <T> org.assertj.core.api.AbstractStringAssert<?> assertThat(String s) {
        return org.assertj.core.api.Assertions.assertThat(s);
    }
}
