package org.qiandai.web.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * The planner end to end through the API, with every real part (contacts, do-not-contact list, segments, warnings,
 * campaigns, pushes, the outbox): publicity imports contacts, builds a segment and a warning, plans a campaign that a
 * leader approves, previews and schedules a push, and the scheduler queues one delivery per person left after the
 * exclusions. No response carries a phone number in clear.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false",
        "qiandai.crypto.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "qiandai.quiet-hours.sms-smpp=", // the test may run at any hour
        "qiandai.pushes.poll=200ms"})
@AutoConfigureMockMvc
class CampaignPlannerFlowTests {

    private static final String PASSWORD = "a-long-password";
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts users;

    @Test
    void fromContactsToQueuedDeliveries() throws Exception {
        users.create("flow.publicity", PASSWORD, EnumSet.of(Role.PUBLICITY));
        users.create("flow.leader", PASSWORD, EnumSet.of(Role.LEADER));

        StringBuilder csv = new StringBuilder("手机号,所属辖区,年龄,性别,职业\n");
        for (int i = 0; i < 20; i++) {
            csv.append(String.format("1390000%04d,东河区,%d,女,退休人员%n", i, 60 + i));
        }
        csv.append("13900009999,青山区,70,男,退休人员\n"); // outside the campaign's district
        csv.append("0472-1234567,东河区,65,女,退休人员\n"); // a landline: no SMS reaches it
        String imported = publicity(multipart("/api/contacts/import")
                .file(new MockMultipartFile("file", "contacts.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8))), status().isOk());
        assertThat((Integer) JsonPath.read(imported, "$.imported")).isEqualTo(22);

        publicity(post("/api/dnc").contentType(MediaType.APPLICATION_JSON)
                .content("{\"phone\": \"+8613900000003\", \"reason\": \"退订\"}"), status().isCreated());

        String segment = publicity(post("/api/segments").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "东河区、青山区老年居民", "rule": {"all": [
                  {"field": "district", "op": "in", "values": ["东河区", "青山区"]},
                  {"field": "age", "op": "between", "values": [55, 90]}]}}"""), status().isCreated());
        assertThat((Integer) JsonPath.read(segment, "$.count")).isEqualTo(22);
        String segmentId = JsonPath.read(segment, "$.id");

        String template = publicity(post("/api/templates").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "养老投资提醒", "channel": "SMS", "language": "zh-CN",
                 "body": "{district}的居民：警惕以养老为名的投资骗局，疑似诈骗请拨打{hotline}。"}"""), status().isCreated());
        assertThat((String) JsonPath.read(template, "$.encoding")).isEqualTo("UCS-2");
        String templateId = JsonPath.read(template, "$.id");

        String campaign = publicity(post("/api/campaigns").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "守好养老钱", "goal": "老年居民识别养老投资骗局", "from": "2026-01-01", "to": "2099-12-31",
                 "districts": ["东河区"], "segmentIds": ["%s"], "channels": ["sms-smpp"], "templateIds": ["%s"]}"""
                .formatted(segmentId, templateId)), status().isCreated());
        String campaignId = JsonPath.read(campaign, "$.id");
        assertThat((String) JsonPath.read(campaign, "$.status")).isEqualTo("DRAFT");

        String push = """
                {"channel": "sms-smpp", "templateId": "%s", "segmentIds": ["%s"], "schedule": {"at": null, "repeat": null}}"""
                .formatted(templateId, segmentId);
        publicity(post("/api/campaigns/" + campaignId + "/pushes").contentType(MediaType.APPLICATION_JSON).content(push), status().isConflict());
        publicity(post("/api/campaigns/" + campaignId + "/submit"), status().isOk());
        mvc.perform(post("/api/campaigns/" + campaignId + "/approve").with(httpBasic("flow.leader", PASSWORD))).andExpect(status().isOk());

        String preview = publicity(post("/api/campaigns/" + campaignId + "/pushes/preview").contentType(MediaType.APPLICATION_JSON).content(push), status().isOk());
        assertThat((Integer) JsonPath.read(preview, "$.audience.recipients")).isEqualTo(19);
        assertThat((Integer) JsonPath.read(preview, "$.audience.excluded.DO_NOT_CONTACT")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(preview, "$.audience.excluded.OUTSIDE_DISTRICTS")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(preview, "$.audience.excluded.INVALID_NUMBER")).isEqualTo(1);

        String created = publicity(post("/api/campaigns/" + campaignId + "/pushes").contentType(MediaType.APPLICATION_JSON).content(push),
                status().isCreated());
        assertThat((String) JsonPath.read(created, "$.status")).isEqualTo("SCHEDULED");
        String pushId = JsonPath.read(created, "$.id");

        long until = System.currentTimeMillis() + 20_000;
        int queued = 0;
        while (queued < 19 && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            queued = JsonPath.read(publicity(get("/api/pushes/" + pushId), status().isOk()), "$.counts.QUEUED");
        }
        assertThat(queued).isEqualTo(19);
        String campaignNow = publicity(get("/api/campaigns/" + campaignId), status().isOk());
        assertThat((String) JsonPath.read(campaignNow, "$.status")).isEqualTo("RUNNING");
    }

    private String publicity(AbstractMockHttpServletRequestBuilder<?> request, ResultMatcher expected) throws Exception {
        String body = mvc.perform(request.with(httpBasic("flow.publicity", PASSWORD)))
                .andExpect(expected).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(MOBILE.matcher(body).find()).as("a phone number in clear in %s", body).isFalse();
        return body;
    }
}
