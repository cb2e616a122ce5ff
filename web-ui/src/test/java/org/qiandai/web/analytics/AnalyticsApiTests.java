package org.qiandai.web.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The analytics API through the real filter chain and real accounts, on a small synthetic year: the JSON names the
 * issue spells, every breakdown, the overview's kinds, the effect comparison, targets, refusals that say what, who may
 * do what, and that no answer names a person or a case.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "qiandai.analytics.schedules.enabled=false", "qiandai.analytics.rebuild-when-needed=false"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTests {

    static final String PASSWORD = "a-long-password";

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired ApplicationContext context;
    @Autowired Campaigns campaigns;
    @Autowired Deliveries deliveries;
    @Autowired java.time.Clock clock;

    String year;
    String today;
    String campaign;

    @BeforeAll
    void setUp() {
        for (Role role : EnumSet.allOf(Role.class)) {
            if (accounts.find("a-" + role.name().toLowerCase()).isEmpty()) {
                accounts.create("a-" + role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
            }
        }
        DemoAnalytics.load(context);
        LocalDate now = LocalDate.now(clock);
        today = now.toString();
        year = now.minusDays(364).toString();
        campaign = campaigns.list(null, null, null).stream().filter(c -> c.status().name().equals("COMPLETED"))
                .map(CampaignDetails::id).findFirst().orElseThrow();
    }

    static MockHttpServletRequestBuilder as(String role, MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("a-" + role, PASSWORD));
    }

    @Test
    void reachAnswersOneRowPerGroupWithTheFieldsAsSpelled() throws Exception {
        for (String groupBy : List.of("channel", "district", "segment", "profile", "day", "week", "month")) {
            mvc.perform(as("leader", get("/api/analytics/reach").param("from", year).param("to", today).param("groupBy", groupBy)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.rows").isNotEmpty())
                    .andExpect(jsonPath("$.rows[0].key").value(notNullValue()))
                    .andExpect(jsonPath("$.rows[*].measuredReach").value(everyItem(notNullValue())))
                    .andExpect(jsonPath("$.rows[0].delivered").isNumber())
                    .andExpect(jsonPath("$.rows[0].sent").isNumber())
                    .andExpect(jsonPath("$.rows[0].failed").isNumber())
                    .andExpect(jsonPath("$.rows[0].impressions").isNumber())
                    .andExpect(jsonPath("$.rows[0].estimated").isNumber())
                    .andExpect(jsonPath("$.total.measuredReach").value(greaterThan(0)));
        }
        String channels = mvc.perform(as("leader", get("/api/analytics/reach").param("from", year).param("to", today).param("groupBy", "channel")))
                .andReturn().getResponse().getContentAsString();
        List<String> keys = JsonPath.read(channels, "$.rows[*].key");
        assertThat(keys).contains("didi", "meituan", "offline").anyMatch(k -> k.startsWith("sms-"));
        // partners report impressions but reach nobody measurably; SMS reaches people and reports no impressions
        assertThat((List<Integer>) JsonPath.read(channels, "$.rows[?(@.key == 'didi')].measuredReach")).containsOnly(0);
        assertThat((List<Integer>) JsonPath.read(channels, "$.rows[?(@.key == 'didi')].impressions")).allMatch(n -> n > 0);
        // one campaign's reach by district, and a district's reach by day
        mvc.perform(as("publicity", get("/api/analytics/reach").param("from", year).param("to", today).param("campaignId", campaign)
                        .param("groupBy", "district")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.campaignId").value(campaign)).andExpect(jsonPath("$.rows").isNotEmpty());
        mvc.perform(as("analyst", get("/api/analytics/reach").param("from", year).param("to", today).param("district", "东河区").param("groupBy", "month")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.rows", hasSize(13)));
        // parameters given empty are parameters not given
        mvc.perform(as("leader", get("/api/analytics/reach?from=&to=&campaignId=&groupBy=channel")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.to").value(today)).andExpect(jsonPath("$.rows").isNotEmpty());
        mvc.perform(as("leader", get("/api/analytics/effect?campaignId="))).andExpect(status().isOk());
    }

    @Test
    void theOverviewSaysWhatKindEachFigureIs() throws Exception {
        mvc.perform(as("leader", get("/api/analytics/overview").param("from", year).param("to", today)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.measuredReach.kind").value("measured"))
                .andExpect(jsonPath("$.measuredReach.value").value(greaterThan(0)))
                .andExpect(jsonPath("$.impressions.kind").value("reported"))
                .andExpect(jsonPath("$.estimated.kind").value("estimated"))
                .andExpect(jsonPath("$.actions.kind").value("recorded"))
                .andExpect(jsonPath("$.cases.value").value(greaterThan(0)))
                .andExpect(jsonPath("$.losses.value").isNumber())
                .andExpect(jsonPath("$.previousTo").value(LocalDate.parse(year).minusDays(1).toString()))
                .andExpect(jsonPath("$.counters.generation").value(greaterThan(0)));
        // without a period: the 30 days up to today
        mvc.perform(as("leader", get("/api/analytics/overview")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.to").value(today))
                .andExpect(jsonPath("$.from").value(LocalDate.now(clock).minusDays(29).toString()));
    }

    @Test
    void theEffectComparesTargetedWithUntargetedAndSaysItIsNoProof() throws Exception {
        mvc.perform(as("leader", get("/api/analytics/effect").param("campaignId", campaign)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.trend.months").isNotEmpty())
                .andExpect(jsonPath("$.trend.byDistrict").isNotEmpty())
                .andExpect(jsonPath("$.trend.byFraudType").isNotEmpty())
                .andExpect(jsonPath("$.trend.byProfile").isNotEmpty())
                .andExpect(jsonPath("$.trend.campaigns[*].id", hasItems(campaign)))
                .andExpect(jsonPath("$.comparison.campaign.id").value(campaign))
                .andExpect(jsonPath("$.comparison.windowMonths").value(3))
                .andExpect(jsonPath("$.comparison.groups[*].key", hasItems("targeted", "untargeted")))
                .andExpect(jsonPath("$.caveats[*].code", hasItems("not-proof", "seasonality")));
        mvc.perform(as("leader", get("/api/analytics/effect")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.comparison").doesNotExist()).andExpect(jsonPath("$.trend.cases").isNotEmpty());
        mvc.perform(as("leader", get("/api/analytics/effect").param("campaignId", "cmp-none"))).andExpect(status().isNotFound());
        mvc.perform(as("leader", get("/api/analytics/effect").param("campaignId", campaign).param("window", "99")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("window")));
    }

    @Test
    void noAnswerNamesAPersonOrACase() throws Exception {
        List<String> hashes = new ArrayList<>();
        deliveries.forEachFacts(1000, f -> {
            if (f.phoneHash() != null && hashes.size() < 200) {
                hashes.add(f.phoneHash());
            }
        });
        assertThat(hashes).isNotEmpty();
        StringBuilder all = new StringBuilder();
        for (String url : List.of("/api/analytics/reach?groupBy=channel", "/api/analytics/reach?groupBy=segment", "/api/analytics/reach?groupBy=profile",
                "/api/analytics/overview", "/api/analytics/effect?campaignId=" + campaign, "/api/analytics/funnels", "/api/analytics/targets")) {
            all.append(mvc.perform(as("leader", get(url + (url.contains("?") ? "&" : "?") + "from=" + year + "&to=" + today)))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        }
        String text = all.toString();
        assertThat(hashes).noneMatch(text::contains);
        assertThat(text).doesNotContainPattern("A15\\d{4}\\d{6}\\d{7}").doesNotContain("phone").doesNotContain("caseNo");
    }

    @Test
    void badQuestionsAreRefusedSayingWhich() throws Exception {
        mvc.perform(as("leader", get("/api/analytics/reach").param("groupBy", "colour")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("groupBy")));
        mvc.perform(as("leader", get("/api/analytics/reach").param("from", today).param("to", year)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("before")));
        mvc.perform(as("leader", get("/api/analytics/reach").param("from", "2020-01-01").param("to", today)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("max-days")));
        mvc.perform(as("leader", get("/api/analytics/reach").param("district", "东河区").param("groupBy", "channel")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("district")));
        mvc.perform(as("leader", get("/api/analytics/reach").param("from", "yesterday")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("from")));
    }

    @Test
    void leadersSetTargetsAndSeeProgress() throws Exception {
        int thisYear = LocalDate.now(clock).getYear();
        String body = "{\"peopleReached\": 100000, \"actionsHeld\": 3000, \"districts\": {\"东河区\": {\"peopleReached\": 20000, \"actionsHeld\": 400}}}";
        mvc.perform(as("publicity", put("/api/analytics/targets/year/" + thisYear)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isForbidden());
        mvc.perform(as("leader", put("/api/analytics/targets/year/" + thisYear)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("year:" + thisYear))
                .andExpect(jsonPath("$.peopleReached.target").value(100000))
                .andExpect(jsonPath("$.peopleReached.actual").isNumber())
                .andExpect(jsonPath("$.districts[0].district").value("东河区"))
                .andExpect(jsonPath("$.districts[0].actionsHeld.target").value(400));
        mvc.perform(as("leader", put("/api/analytics/targets/campaign/" + campaign)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"peopleReached\": 500}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.peopleReached.actual").value(greaterThan(0)));
        mvc.perform(as("leader", put("/api/analytics/targets/year/" + thisYear)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"peopleReached\": -5}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("peopleReached")));
        mvc.perform(as("leader", put("/api/analytics/targets/campaign/cmp-none")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"peopleReached\": 5}"))
                .andExpect(status().isNotFound());
        mvc.perform(as("analyst", get("/api/analytics/targets").param("year", Integer.toString(thisYear))))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].scope").value("year"));
    }

    @Test
    void whoMayDoWhat() throws Exception {
        mvc.perform(get("/api/analytics/reach")).andExpect(status().isUnauthorized());
        mvc.perform(as("admin", get("/api/analytics/reach"))).andExpect(status().isForbidden());
        mvc.perform(as("leader", get("/api/analytics/reach"))).andExpect(status().isOk());
        mvc.perform(as("publicity", post("/api/analytics/rebuild"))).andExpect(status().isForbidden());
        mvc.perform(as("admin", post("/api/analytics/rebuild"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.reach.deliveries").value(greaterThan(0))).andExpect(jsonPath("$.cases").value(greaterThan(0)));
        mvc.perform(as("publicity", post("/api/analytics/schedules")).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
    }
}
