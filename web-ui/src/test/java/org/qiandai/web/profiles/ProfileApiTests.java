package org.qiandai.web.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.EnumSet;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The profiling-run and segment API through the real filter chain and real accounts (HTTP Basic), around a fake
 * engine: 202 with Location, the run's JSON, the assignments CSV, scoring, segment drafts, 400s that name the field,
 * 409 before a run is done, and who may do what.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "QIANDAI_ADMIN_PASSWORD=" + ProfileApiTests.PASSWORD})
@AutoConfigureMockMvc
@Import(FakeVictimProfiler.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileApiTests {

    static final String PASSWORD = "a-long-password";
    static final int CASES = 300;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    @Autowired
    CaseImports imports;

    @BeforeAll
    void setUp() {
        for (Role role : EnumSet.of(Role.ANALYST, Role.LEADER, Role.PUBLICITY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
        imports.importRecords("api-tests", new DemoCaseGenerator(11, LocalDate.of(2024, 12, 31)).iterator(CASES), "analyst");
    }

    @Test
    void aRunIsAcceptedThenReadAssignedScoredAndDrafted() throws Exception {
        String location = mvc.perform(as("analyst", post("/api/profiles")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"filter\": {\"from\": \"2020-01-01\", \"to\": \"2030-12-31\"}, \"k\": null, \"features\": null, \"seed\": 1}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", containsString("/api/profiles/run-")))
                .andExpect(jsonPath("$.id").value(startsWith("run-")))
                .andExpect(jsonPath("$.status").value(org.hamcrest.Matchers.oneOf("RUNNING", "QUEUED")))
                .andReturn().getResponse().getHeader("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        awaitDone(id);

        mvc.perform(as("analyst", get("/api/profiles/" + id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DONE"))
                .andExpect(jsonPath("$.progress").value(1.0))
                .andExpect(jsonPath("$.caseCount").value(CASES))
                .andExpect(jsonPath("$.k").value(3))
                .andExpect(jsonPath("$.kSelection.scores.length()").value(5))
                .andExpect(jsonPath("$.profiles.length()").value(3))
                .andExpect(jsonPath("$.profiles[0].features[0].topValues[0].lift").isNumber())
                .andExpect(jsonPath("$.scatter[0].x").isNumber())
                .andExpect(jsonPath("$.filter.from").value("2020-01-01"))
                .andExpect(jsonPath("$.parameters.seed").value(1))
                .andExpect(jsonPath("$.model").doesNotExist());

        String csv = mvc.perform(as("analyst", get("/api/profiles/" + id + "/assignments")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().findFirst()).hasValue("caseNo,profile");
        assertThat(csv.lines().count()).isEqualTo(CASES + 1);

        mvc.perform(as("analyst", get("/api/profiles"))).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").exists()).andExpect(jsonPath("$[0].profiles").doesNotExist());

        mvc.perform(as("analyst", post("/api/profiles/" + id + "/score")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"age\": 67, \"gender\": \"女\", \"occupation\": \"退休人员\", \"fraudType\": \"虚假养老投资\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.profile").isNumber())
                .andExpect(jsonPath("$.confidence").isNumber())
                .andExpect(jsonPath("$.fits.length()").value(3));
        mvc.perform(as("analyst", post("/api/profiles/" + id + "/score")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"shoeSize\": 42}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(containsString("shoeSize")));

        mvc.perform(as("analyst", get("/api/profiles/" + id + "/profiles/0/segment-draft"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").isNotEmpty())
                .andExpect(jsonPath("$.rule.all[0].field").exists())
                .andExpect(jsonPath("$.rule.all[0].op").exists())
                .andExpect(jsonPath("$.source.runId").value(id))
                .andExpect(jsonPath("$.source.profileIndex").value(0));
        mvc.perform(as("analyst", get("/api/profiles/" + id + "/profiles/9/segment-draft"))).andExpect(status().isNotFound());
        mvc.perform(as("analyst", post("/api/profiles/" + id + "/cancel"))).andExpect(status().isConflict());
        mvc.perform(as("analyst", get("/api/profiles/run-none"))).andExpect(status().isNotFound());
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        expect400("{\"filter\": {\"from\": \"2020-13-01\"}}", "filter.from");
        expect400("{\"features\": [\"AGE\", \"SHOE_SIZE\"]}", "features");
        expect400("{\"k\": 0}", "k must be");
        expect400("{\"k\": \"three\"}", "k");
        expect400("{\"filter\": {\"districts\": [\"不存在区\"]}}", "no case matches");
        expect400("{\"filter\": {\"from\": \"2024-02-01\", \"to\": \"2024-01-01\"}}", "filter.from");
        mvc.perform(as("analyst", post("/api/profiles")).contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.status").value(400));
    }

    @Test
    void aRunningRunHasNoAssignmentsYetAndCanBeCancelled() throws Exception {
        String body = mvc.perform(as("analyst", post("/api/profiles")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"features\": [\"age\", \"OCCUPATION\"], \"seed\": " + FakeVictimProfiler.SLOW_SEED + "}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(body, "$.id");
        mvc.perform(as("analyst", get("/api/profiles/" + id + "/assignments"))).andExpect(status().isConflict());
        mvc.perform(as("analyst", post("/api/profiles/" + id + "/score")).contentType(MediaType.APPLICATION_JSON).content("{\"age\": 30}"))
                .andExpect(status().isConflict());
        mvc.perform(as("analyst", post("/api/profiles/" + id + "/cancel"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(as("analyst", get("/api/profiles/" + id))).andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.parameters.features[0]").value("AGE"));
    }

    @Test
    void profilesAreForAnalystsOnly() throws Exception {
        for (String user : new String[] {"admin", "leader", "publicity"}) {
            mvc.perform(as(user, get("/api/profiles"))).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/profiles")).contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/profiles")).andExpect(status().isUnauthorized());
    }

    @Test
    void analystsAndPublicityWriteSegmentsOthersDoNot() throws Exception {
        String rule = "{\"name\": \"退休老人 · 养老投资\", \"description\": \"保健品会销\", \"rule\": {\"all\": ["
                + "{\"field\": \"age\", \"op\": \"between\", \"values\": [60, 80]}, {\"field\": \"occupation\", \"op\": \"in\", \"values\": [\"退休人员\"]},"
                + "{\"any\": [{\"field\": \"district\", \"op\": \"in\", \"values\": [\"东河区\"]}, {\"field\": \"gender\", \"op\": \"eq\", \"values\": [\"女\"]}]}]},"
                + "\"interest\": {\"venues\": [\"保健品推销会\", \"老年活动中心\"]},"
                + "\"source\": {\"runId\": \"run-x\", \"profileIndex\": 2, \"label\": \"退休人员 · 虚假养老投资\"}}";
        String created = mvc.perform(as("analyst", post("/api/segments")).contentType(MediaType.APPLICATION_JSON).content(rule))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/segments/seg-")))
                .andExpect(jsonPath("$.ruleText").value("年龄 60–80岁 且 职业 ∈ {退休人员} 且 (辖区 ∈ {东河区} 或 性别 = 女)"))
                .andExpect(jsonPath("$.interest.venues[1]").value("老年活动中心"))
                .andExpect(jsonPath("$.count").value(0))
                .andExpect(jsonPath("$.createdBy").value("analyst"))
                .andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(created, "$.id");

        mvc.perform(as("publicity", get("/api/segments"))).andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == '" + id + "')]").exists());
        mvc.perform(as("publicity", get("/api/segments/" + id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.source.profileIndex").value(2));
        mvc.perform(as("publicity", post("/api/segments")).contentType(MediaType.APPLICATION_JSON).content(rule)).andExpect(status().isCreated());
        for (String user : new String[] {"admin", "leader"}) {
            mvc.perform(as(user, get("/api/segments"))).andExpect(status().isForbidden());
            mvc.perform(as(user, post("/api/segments")).contentType(MediaType.APPLICATION_JSON).content(rule)).andExpect(status().isForbidden());
            mvc.perform(as(user, delete("/api/segments/" + id))).andExpect(status().isForbidden());
        }

        mvc.perform(as("analyst", put("/api/segments/" + id)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"退休老人\", \"rule\": {\"any\": [{\"field\": \"age\", \"op\": \"between\", \"values\": [65, null]}]}}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.ruleText").value("年龄 ≥ 65岁"))
                .andExpect(jsonPath("$.source.runId").value("run-x"))
                .andExpect(jsonPath("$.interest.venues[0]").value("保健品推销会"));
        mvc.perform(as("analyst", delete("/api/segments/" + id))).andExpect(status().isNoContent());
        mvc.perform(as("analyst", get("/api/segments/" + id))).andExpect(status().isNotFound());
    }

    @Test
    void segmentsAreValidated() throws Exception {
        expectSegment400("{\"rule\": {\"all\": [{\"field\": \"age\", \"op\": \"between\", \"values\": [60, null]}]}}", "name is required");
        expectSegment400("{\"name\": \"x\"}", "rule is required");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"all\": []}}", "rule.all must have at least one condition");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"all\": [{\"field\": \"age\", \"op\": \"between\", \"values\": [70, 20]}]}}", "above max age");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"all\": [{\"field\": \"age\", \"op\": \"between\", \"values\": [-3, 5]}]}}", "between 0 and 120");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"all\": [{\"field\": \"occupation\", \"op\": \"in\", \"values\": []}]}}", "rule.all[0].values");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"all\": [{\"field\": \"hair\", \"op\": \"in\", \"values\": [\"红\"]}]}}", "rule.all[0].field 'hair'");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"any\": [{\"all\": [{\"field\": \"gender\", \"op\": \"in\", \"values\": [\"猫\"]}]}]}}", "rule.any[0].all[0].values: gender");
        expectSegment400("{\"name\": \"x\", \"rule\": {\"all\": [{\"field\": \"district\", \"op\": \"between\", \"values\": [\"a\", \"b\"]}]}}", "district takes in or eq");
    }

    private void expect400(String body, String inMessage) throws Exception {
        mvc.perform(as("analyst", post("/api/profiles")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.error").value("Bad Request"))
                .andExpect(jsonPath("$.message").value(containsString(inMessage)));
    }

    private void expectSegment400(String body, String inMessage) throws Exception {
        mvc.perform(as("analyst", post("/api/segments")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString(inMessage)));
    }

    private void awaitDone(String id) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (true) {
            String body = mvc.perform(as("analyst", get("/api/profiles/" + id))).andReturn().getResponse().getContentAsString();
            String status = JsonPath.read(body, "$.status");
            if ("DONE".equals(status)) {
                return;
            }
            assertThat(status).as(body).isIn("QUEUED", "RUNNING");
            assertThat(System.currentTimeMillis()).as("timed out").isLessThan(until);
            Thread.sleep(50);
        }
    }

    private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.with(httpBasic(user, PASSWORD));
    }
}
