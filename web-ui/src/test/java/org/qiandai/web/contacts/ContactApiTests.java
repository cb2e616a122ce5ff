package org.qiandai.web.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The contact, do-not-contact and segment-count API through the real filter chain and real accounts: only the publicity
 * team reaches contacts; numbers are masked in every response and log line, and shown only by an audited reveal.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + ContactApiTests.PASSWORD,
        "qiandai.audience.batch-size=500"}) // a context of its own: other classes create the same users in theirs
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ContactApiTests {

    static final String PASSWORD = "a-long-password";
    /** Every number these tests use, in clear: none may appear in a response or a log line without a reveal. */
    static final List<String> NUMBERS = List.of("13812345678", "13987654321", "13600001111", "13500002222");

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts accounts;
    @Autowired
    AuditLog audit;

    final List<String> bodies = new ArrayList<>();

    @BeforeAll
    void users() {
        for (Role role : EnumSet.of(Role.ANALYST, Role.LEADER, Role.PUBLICITY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
    }

    @Test
    void publicityImportsListsAndRevealsNumbersMaskedEverywhereElse(CapturedOutput output) throws Exception {
        String csv = "手机号,所属辖区,年龄,性别,职业,来源,同意日期\n"
                + "138-1234-5678,东河区,67,女,退休人员,社区登记,2026-01-05\n"
                + "+86 139 8765 4321,昆都仑区,20,男,学生,职业学校,\n"
                + "13812345678,青山区,30,女,,,\n"
                + "1381234567,青山区,30,女,,,\n";
        String summary = call(multipart("/api/contacts/import").file(new MockMultipartFile("file", "contacts.csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8))), 200);
        assertThat((Integer) JsonPath.read(summary, "$.imported")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(summary, "$.rejected")).isEqualTo(2);
        assertThat((String) JsonPath.read(summary, "$.errors[0].value")).isEqualTo("138****5678");
        assertThat((String) JsonPath.read(summary, "$.errors[0].message")).contains("repeats row 2");

        String added = call(post("/api/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"phone\": \"136 0000 1111\", \"district\": \"石拐区\", \"birthYear\": 1960, \"language\": \"en\"}"), 201);
        assertThat((String) JsonPath.read(added, "$.phone")).isEqualTo("136****1111");
        call(post("/api/contacts").contentType(MediaType.APPLICATION_JSON).content("{\"phone\": \"+8613600001111\"}"), 200);
        String bad = call(post("/api/contacts").contentType(MediaType.APPLICATION_JSON).content("{\"phone\": \"12345\"}"), 400);
        assertThat(bad).contains("phone");

        String page = call(get("/api/contacts?district=东河区"), 200);
        assertThat((Integer) JsonPath.read(page, "$.page.totalElements")).isEqualTo(1);
        assertThat((String) JsonPath.read(page, "$.content[0].phone")).isEqualTo("138****5678");
        String all = call(get("/api/contacts?size=50"), 200);
        assertThat((Integer) JsonPath.read(all, "$.page.totalElements")).isEqualTo(3);
        String id = JsonPath.read(page, "$.content[0].id");
        call(get("/api/contacts/" + id), 200);

        call(post("/api/dnc").contentType(MediaType.APPLICATION_JSON).content("{\"phone\": \"+8613500002222\", \"reason\": \"电话要求\"}"), 201);
        call(post("/api/dnc").contentType(MediaType.APPLICATION_JSON).content("{\"phone\": \"135-0000-2222\", \"reason\": \"again\"}"), 201);
        String dnc = call(get("/api/dnc"), 200);
        assertThat((Integer) JsonPath.read(dnc, "$.page.totalElements")).isEqualTo(1);
        assertThat((String) JsonPath.read(dnc, "$.content[0].phone")).isEqualTo("135****2222");
        assertThat((String) JsonPath.read(dnc, "$.content[0].reason")).isEqualTo("电话要求");
        call(post("/api/dnc").contentType(MediaType.APPLICATION_JSON).content("{\"phone\": \"hello\"}"), 400);

        String count = call(post("/api/segments/count").contentType(MediaType.APPLICATION_JSON)
                .content("{\"rule\": {\"all\": [{\"field\": \"district\", \"op\": \"in\", \"values\": [\"东河区\", \"昆都仑区\"]},"
                        + "{\"any\": [{\"field\": \"age\", \"op\": \"between\", \"values\": [60, 70]}, {\"field\": \"occupation\", \"op\": \"eq\", \"values\": [\"学生\"]}]}]}}"), 200);
        assertThat((Integer) JsonPath.read(count, "$.count")).isEqualTo(2);
        String segment = call(post("/api/segments").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"东河 18–30\", \"rule\": {\"all\": [{\"field\": \"district\", \"op\": \"in\", \"values\": [\"东河区\"]}, "
                        + "{\"field\": \"age\", \"op\": \"between\", \"values\": [60, 70]}]}}"), 201);
        assertThat((Integer) JsonPath.read(segment, "$.count")).isEqualTo(1);
        String one = call(get("/api/segments/" + JsonPath.read(segment, "$.id")), 200);
        assertThat((Integer) JsonPath.read(one, "$.count")).isEqualTo(1);

        for (String body : bodies) {
            for (String number : NUMBERS) {
                assertThat(body).as("a response").doesNotContain(number);
            }
        }

        String revealed = call(post("/api/contacts/" + id + "/reveal"), 200);
        assertThat((String) JsonPath.read(revealed, "$.phone")).isEqualTo("+8613812345678");
        assertThat(audit.about("contact", id, 5)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("publicity");
            assertThat(e.remoteAddress()).isNotBlank();
        });
        for (String number : NUMBERS) {
            assertThat(output.getAll()).as("the log").doesNotContain(number);
        }
    }

    @Test
    void onlyThePublicityTeamReachesContactsAndTheList() throws Exception {
        for (String user : new String[] {"admin", "analyst", "leader"}) {
            mvc.perform(get("/api/contacts").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
            mvc.perform(post("/api/contacts/x/reveal").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
            mvc.perform(post("/api/contacts").with(httpBasic(user, PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"phone\": \"13812345678\"}")).andExpect(status().isForbidden());
            mvc.perform(multipart("/api/contacts/import").file(new MockMultipartFile("file", "c.csv", "text/csv", "手机号\n13812345678\n".getBytes(StandardCharsets.UTF_8)))
                    .with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
            mvc.perform(get("/api/dnc").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
        }
        for (String user : new String[] {"admin", "leader"}) {
            mvc.perform(post("/api/segments/count").with(httpBasic(user, PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"rule\": {\"field\": \"district\", \"op\": \"eq\", \"values\": [\"东河区\"]}}")).andExpect(status().isForbidden());
        }
        mvc.perform(post("/api/segments/count").with(httpBasic("analyst", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"rule\": {\"field\": \"district\", \"op\": \"eq\", \"values\": [\"东河区\"]}}")).andExpect(status().isOk());
        mvc.perform(post("/api/segments/count").with(httpBasic("publicity", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"rule\": {\"field\": \"shoe\", \"op\": \"eq\", \"values\": [\"42\"]}}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("rule.field 'shoe'")));
        mvc.perform(post("/api/contacts/nobody/reveal").with(httpBasic("publicity", PASSWORD))).andExpect(status().isNotFound());
        mvc.perform(get("/api/contacts")).andExpect(status().isUnauthorized());
    }

    private String call(org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder<?> request, int expected) throws Exception {
        String body = mvc.perform(request.with(httpBasic("publicity", PASSWORD))).andExpect(status().is(expected))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        bodies.add(body);
        return body;
    }
}
