package org.qiandai.web.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.analytics.AnalyticsRebuild;
import org.qiandai.campaign.contacts.GeneratedContacts;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.demo.DemoHistory;
import org.qiandai.campaign.retention.DataRetention;
import org.qiandai.campaign.retention.RetentionSettings;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.templates.Warnings;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Retention and erasure on a synthetic year of campaigns: old contacts are deleted, old delivery records de-identified,
 * and a rebuild of the reach counters afterwards gives the same delivered, sent and failed counts in every month, the
 * same distinct people in every month wholly before the cut-off and the same opt-outs; a resident's erasure deletes the
 * contact, de-identifies their records and puts them on the do-not-contact list; who may do what.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "qiandai.analytics.schedules.enabled=false", "qiandai.analytics.rebuild-when-needed=false", "qiandai.channels.dispatch.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + RetentionTests.PASSWORD})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTests {

    static final String PASSWORD = "a-long-password";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired MongoTemplate mongo;
    @Autowired Segments segments;
    @Autowired Warnings warnings;
    @Autowired PhoneCrypto crypto;
    @Autowired Clock clock;
    @Autowired AnalyticsRebuild rebuild;
    @Autowired StoreDurability durability;
    @Autowired DataRetention configured;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void demo() {
        for (Role role : EnumSet.of(Role.LEADER, Role.PUBLICITY, Role.ANALYST, Role.OFFICER, Role.DUTY)) {
            accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
        }
        new DemoHistory(mongo, segments, warnings, crypto, clock, 7).write(new DemoHistory.Size(600, 2500, 100, 3));
        rebuild.rebuild();
    }

    @Test
    void aRebuildAfterRetentionKeepsWhatWasCounted() throws Exception {
        Map<String, JsonNode> before = months();
        JsonNode channelsBefore = reach("channel");
        long contacts = mongo.getCollection("contacts").countDocuments();
        long records = mongo.getCollection(Deliveries.COLLECTION).countDocuments();

        MockEnvironment env = new MockEnvironment().withProperty("qiandai.retention.contacts", "P1D").withProperty("qiandai.retention.deliveries", "90d");
        DataRetention retention = new DataRetention(mongo, crypto, durability, RetentionSettings.from(env),
                Clock.offset(clock, java.time.Duration.ofDays(2)));
        DataRetention.Result result = retention.run();
        Instant cutoff = result.deliveriesBefore();

        assertThat(result.contactsDeleted()).isEqualTo(contacts);
        assertThat(mongo.getCollection("contacts").countDocuments()).isZero();
        assertThat(result.deliveriesDeidentified()).isPositive();
        assertThat(mongo.getCollection(Deliveries.COLLECTION).countDocuments()).as("records are kept, not deleted").isEqualTo(records);
        Document old = mongo.getCollection(Deliveries.COLLECTION).find(Filters.and(Filters.lt("at.QUEUED", Date.from(cutoff)),
                Filters.exists("phoneHash"))).first();
        assertThat(old).isNotNull();
        assertThat(old.getString("phoneHash")).startsWith("x:");
        assertThat(old.getString("_id")).endsWith(old.getString("phoneHash"));
        assertThat(old).doesNotContainKeys("encryptedPhone", "contactId", "providerId", "errorMessage");
        assertThat(retention.run().deliveriesDeidentified()).as("a second run finds nothing more").isZero();

        rebuild.rebuild();
        Map<String, JsonNode> after = months();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        String cutoffMonth = LocalDate.ofInstant(cutoff, ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM"));
        before.forEach((month, row) -> {
            for (String count : new String[] {"delivered", "sent", "failed"}) {
                assertThat(after.get(month).get(count).asLong()).as("%s %s", month, count).isEqualTo(row.get(count).asLong());
            }
            if (month.compareTo(cutoffMonth) < 0) {
                assertThat(after.get(month).get("measuredReach").asLong()).as("%s people", month).isEqualTo(row.get("measuredReach").asLong());
            }
        });
        JsonNode channelsAfter = reach("channel");
        for (int i = 0; i < channelsBefore.size(); i++) {
            assertThat(channelsAfter.get(i).get("delivered").asLong()).isEqualTo(channelsBefore.get(i).get("delivered").asLong());
        }
    }

    @Test
    void anOptOutWithErasureDeletesTheContactAndKeepsTheCounts() throws Exception {
        String phone = null;
        String hash = null;
        for (int i = 0; i < 600 && phone == null; i++) {
            String candidate = crypto.hash(GeneratedContacts.phone(i));
            if (mongo.getCollection(Deliveries.COLLECTION).find(Filters.and(Filters.eq("phoneHash", candidate), Filters.eq("status", "DELIVERED"))).first() != null) {
                phone = GeneratedContacts.phone(i);
                hash = candidate;
            }
        }
        assertThat(phone).as("a demo person with a delivered warning not yet de-identified").isNotNull();
        Map<String, JsonNode> before = months();
        if (mongo.getCollection("contacts").find(Filters.eq("_id", hash)).first() == null) {
            mongo.getCollection("contacts").insertOne(new Document("_id", hash).append("phone", crypto.encrypt(phone))
                    .append("district", "东河区").append("updatedAt", new Date()));
        }

        mvc.perform(post("/api/dnc").with(httpBasic("publicity", PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"phone\": \"" + phone + "\", \"reason\": \"resident asked\", \"erase\": true}"))
                .andExpect(status().isCreated())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.phoneHash").value(hash))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.erased.contactDeleted").value(true))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.erased.deliveriesDeidentified").isNumber());
        assertThat(mongo.getCollection("contacts").find(Filters.eq("_id", hash)).first()).isNull();
        assertThat(mongo.getCollection(Deliveries.COLLECTION).find(Filters.or(Filters.eq("phoneHash", hash), Filters.eq("contactId", hash))).first()).isNull();
        assertThat(mongo.getCollection("dnc").find(Filters.eq("_id", hash)).first()).isNotNull();
        assertThat(months()).as("the live counters are not touched").isEqualTo(before);
        rebuild.rebuild();
        Map<String, JsonNode> rebuilt = months();
        before.forEach((month, row) -> assertThat(rebuilt.get(month).get("delivered")).as(month).isEqualTo(row.get("delivered")));

        mvc.perform(post("/api/contacts/" + hash + "/erase").with(httpBasic("publicity", PASSWORD))).andExpect(status().isNotFound());
        mvc.perform(post("/api/contacts/" + hash + "/erase").with(httpBasic("admin", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(post("/api/contacts/" + hash + "/erase").with(httpBasic("leader", PASSWORD))).andExpect(status().isForbidden());
    }

    @Test
    void onlyAdministratorsApplyRetention() throws Exception {
        mvc.perform(get("/api/retention").with(httpBasic("admin", PASSWORD))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.schedule").value("0 30 3 * * *"));
        mvc.perform(post("/api/retention/run").with(httpBasic("admin", PASSWORD))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.contactsDeleted").value(0));
        for (String user : new String[] {"publicity", "leader"}) {
            mvc.perform(post("/api/retention/run").with(httpBasic(user, PASSWORD))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/retention")).andExpect(status().isUnauthorized());
        assertThat(configured.settings().contacts()).as("no age configured: nothing is deleted").isNull();
    }

    /**
     * Every export of personal or case data, with every role: case records and the profile assignments (case numbers)
     * only to analysts, contacts, the do-not-contact list and a number in clear only to the publicity team; the reach
     * report (aggregates, never a person) to leaders, publicity and analysts, and it holds no phone number.
     */
    @Test
    void personalDataExportsAreRefusedToRolesThatMayNotSeeThem() throws Exception {
        Map<String, java.util.Set<String>> allowed = new java.util.LinkedHashMap<>();
        allowed.put("/api/cases", java.util.Set.of("analyst"));
        allowed.put("/api/profiles/none/assignments", java.util.Set.of("analyst"));
        allowed.put("/api/contacts", java.util.Set.of("publicity"));
        allowed.put("/api/dnc", java.util.Set.of("publicity"));
        allowed.put("/api/analytics/report.csv", java.util.Set.of("leader", "publicity", "analyst"));
        allowed.put("/api/analytics/report.xlsx", java.util.Set.of("leader", "publicity", "analyst"));
        for (var endpoint : allowed.entrySet()) {
            for (String user : new String[] {"admin", "leader", "publicity", "analyst", "officer", "duty"}) {
                int status = mvc.perform(get(endpoint.getKey()).with(httpBasic(user, PASSWORD))).andReturn().getResponse().getStatus();
                if (endpoint.getValue().contains(user)) {
                    assertThat(status).as("%s for %s", endpoint.getKey(), user).isIn(200, 404);
                } else {
                    assertThat(status).as("%s for %s", endpoint.getKey(), user).isEqualTo(403);
                }
            }
            assertThat(mvc.perform(get(endpoint.getKey())).andReturn().getResponse().getStatus()).isEqualTo(401);
        }
        int status = mvc.perform(post("/api/contacts/any/reveal").with(httpBasic("admin", PASSWORD))).andReturn().getResponse().getStatus();
        assertThat(status).isEqualTo(403);
        String csv = mvc.perform(get("/api/analytics/report.csv").with(httpBasic("leader", PASSWORD))).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("measuredReach").doesNotContainPattern("(?<!\\d)(\\+?86)?1[3-9]\\d{9}(?!\\d)");
    }

    @Test
    void badSettingsSayWhat() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetentionSettings.from(new MockEnvironment().withProperty("qiandai.retention.contacts", "a year")))
                .hasMessageContaining("qiandai.retention.contacts").hasMessageContaining("P365D");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetentionSettings.from(new MockEnvironment().withProperty("qiandai.retention.deliveries", "PT1H")))
                .hasMessageContaining("shorter than a day");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetentionSettings.from(new MockEnvironment().withProperty("qiandai.retention.schedule", "daily")))
                .hasMessageContaining("qiandai.retention.schedule");
        assertThat(RetentionSettings.from(new MockEnvironment().withProperty("qiandai.retention.deliveries", "365")).deliveries())
                .isEqualTo(java.time.Duration.ofDays(365));
    }

    private Map<String, JsonNode> months() throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        reach("month").forEach(row -> rows.put(row.get("key").asString(), row));
        return rows;
    }

    private JsonNode reach(String groupBy) throws Exception {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        String body = mvc.perform(get("/api/analytics/reach").param("from", today.minusDays(400).toString()).param("to", today.toString())
                        .param("groupBy", groupBy).with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("rows");
    }
}
