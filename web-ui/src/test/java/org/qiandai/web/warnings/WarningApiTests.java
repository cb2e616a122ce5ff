package org.qiandai.web.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiandai.channels.ChannelFixtures.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * Early warnings through the API, with the real dispatcher sending to the stand-in Twilio server: a lead's SMS leaves
 * within seconds (inside quiet hours, recorded as exempt) and names the scam's sign; a number on the do-not-contact list
 * gets no SMS and goes straight to a call; a second lead for the person joins the case and a lead sent again changes
 * nothing; an officer sees and acts on only its own district's tasks, and only its assignee sees the number (audited);
 * outcomes close cases; a file of leads is imported with its bad rows listed; and a scripted day of leads gives exact
 * figures. Deadlines here are the defaults (minutes): escalation is {@link WarningEscalationTests}'.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + WarningApiTests.PASSWORD,
        "qiandai.channels.twilio.enabled=true", "qiandai.channels.twilio.account-sid=" + WarningApiTests.SID,
        "qiandai.channels.twilio.auth-token=" + WarningApiTests.TOKEN, "qiandai.channels.twilio.from=+15005550006",
        "qiandai.channels.twilio.rate=100", "qiandai.channels.dispatch.poll=2s", "qiandai.channels.dispatch.flush=30ms",
        "qiandai.public-base-url=http://127.0.0.1:9", "qiandai.frequency-cap.sms-twilio=1/1d"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarningApiTests {

    static final String PASSWORD = "a-long-password";
    static final String SID = "AC00000000000000000000000000000009";
    static final String TOKEN = "warning-test-auth-token";
    static TwilioStandIn twilio;

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired DoNotContactList dnc;
    @Autowired AuditLog audit;

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) throws IOException {
        twilio = new TwilioStandIn(SID, TOKEN);
        registry.add("qiandai.channels.twilio.base-url", twilio::baseUrl);
        // quiet hours around now, whenever the test runs: urgent warnings must go out regardless
        LocalTime now = LocalTime.now(ZoneId.of("Asia/Shanghai"));
        registry.add("qiandai.quiet-hours.sms-twilio", () -> now.minusHours(2).withSecond(0).withNano(0) + "-" + now.plusHours(2).withSecond(0).withNano(0));
    }

    @AfterAll
    void close() {
        twilio.close();
    }

    @BeforeAll
    void users() throws Exception {
        accounts.create("duty", PASSWORD, EnumSet.of(Role.DUTY));
        accounts.create("leader", PASSWORD, EnumSet.of(Role.LEADER));
        accounts.create("publicity", PASSWORD, EnumSet.of(Role.PUBLICITY));
        // officers through the API, as an administrator creates them
        call("admin", post("/api/users").contentType(MediaType.APPLICATION_JSON).content(
                "{\"username\": \"officer-dh\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"OFFICER\"], \"districts\": [\"东河区\"]}"), 201);
        call("admin", post("/api/users").contentType(MediaType.APPLICATION_JSON).content(
                "{\"username\": \"officer-qs\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"OFFICER\"], \"districts\": [\"青山区\"]}"), 201);
        call("admin", post("/api/users").contentType(MediaType.APPLICATION_JSON).content(
                "{\"username\": \"officer-jy\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"OFFICER\"], \"districts\": [\"九原区\"]}"), 201);
    }

    private String call(String user, AbstractMockHttpServletRequestBuilder<?> request, int expected) throws Exception {
        return mvc.perform(request.with(httpBasic(user, PASSWORD))).andExpect(status().is(expected))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String leads(String json) throws Exception {
        return call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content(json), 200);
    }

    private String lead(String externalId, String phone, String district, String more) throws Exception {
        return leads("{\"leads\": [{\"externalId\": \"" + externalId + "\", \"phone\": \"" + phone + "\", \"district\": \"" + district + "\""
                + (more.isEmpty() ? "" : ", " + more) + "}]}");
    }

    private List<TwilioStandIn.Received> smsTo(String e164) {
        synchronized (twilio.received) {
            return twilio.received.stream().filter(r -> r.to().equals(e164)).toList();
        }
    }

    private String caseJson(String user, String caseId) throws Exception {
        return call(user, get("/api/warnings/cases/" + caseId), 200);
    }

    private String currentTask(String caseId) throws Exception {
        return JsonPath.read(caseJson("duty", caseId), "$.currentTask");
    }

    @Test
    void aLeadIsWarnedBySmsWithinSecondsNamingTheScamsSignAndThenGivenToTheDistrictsOfficer() throws Exception {
        long sent = System.nanoTime();
        String answer = leads("{\"leads\": [{\"externalId\": \"fc-1001\", \"phone\": \"+8613900000001\", \"district\": \"东河区\", "
                + "\"source\": \"FLAGGED_CALL\", \"fraudType\": \"冒充公检法\", \"detectedAt\": \"2026-12-01T10:00:00+08:00\", \"age\": 67}]}");
        assertThat((String) JsonPath.read(answer, "$.results[0].externalId")).isEqualTo("fc-1001");
        assertThat((String) JsonPath.read(answer, "$.results[0].priority")).isEqualTo("HIGH");
        assertThat((String) JsonPath.read(answer, "$.results[0].firstStep")).isEqualTo("SMS");
        String caseId = JsonPath.read(answer, "$.results[0].caseId");

        await("the SMS at the stand-in", Duration.ofSeconds(15), () -> !smsTo("+8613900000001").isEmpty());
        TwilioStandIn.Received sms = smsTo("+8613900000001").get(0);
        assertThat(Duration.ofNanos(sms.nanos() - sent)).as("API call to the provider").isLessThan(Duration.ofSeconds(10));
        assertThat(sms.body()).startsWith("【包头公安】").contains("公检法机关不会电话办案").contains("96110").contains("老人家");
        assertThat(twilio.problems).isEmpty();

        await("the call task", Duration.ofSeconds(10), () -> {
            try {
                return JsonPath.read(caseJson("duty", caseId), "$.tasks.length()").equals(2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String c = caseJson("duty", caseId);
        assertThat((String) JsonPath.read(c, "$.fraudType")).isEqualTo("冒充公检法及政府机关");
        assertThat((String) JsonPath.read(c, "$.phone")).isEqualTo("139****0001");
        assertThat((String) JsonPath.read(c, "$.tasks[0].status")).isEqualTo("DONE");
        assertThat((String) JsonPath.read(c, "$.tasks[0].outcome")).isEqualTo("SENT");
        assertThat((String) JsonPath.read(c, "$.tasks[1].step")).isEqualTo("CALL");
        assertThat((String) JsonPath.read(c, "$.tasks[1].assignee")).isEqualTo("officer-dh");
        assertThat((String) JsonPath.read(c, "$.firstWarningAt")).isNotNull();
        List<String> kinds = JsonPath.read(c, "$.timeline[*].kind");
        assertThat(kinds).containsSubsequence("LEAD_RECEIVED", "SMS_QUEUED", "SMS_EXEMPT", "SMS_SENT", "TASK_OPENED");
        assertThat((List<String>) JsonPath.read(c, "$.timeline[?(@.kind == 'SMS_EXEMPT')].detail")).containsExactly("QUIET_HOURS");
        assertThat(c).doesNotContain("13900000001");
    }

    @Test
    void aNumberOnTheDoNotContactListGetsNoSmsAndGoesStraightToACall() throws Exception {
        dnc.add("+8613900000002", "asked not to be messaged", "manual", "test");
        String answer = lead("dnc-1", "13900000002", "九原区", "\"source\": \"BANK_ALERT\", \"fraudType\": \"刷单返利\", \"amountAtRisk\": 20000");
        assertThat((String) JsonPath.read(answer, "$.results[0].firstStep")).isEqualTo("CALL");
        assertThat((String) JsonPath.read(answer, "$.results[0].priority")).isEqualTo("HIGH"); // 2 + 2 + 2
        String caseId = JsonPath.read(answer, "$.results[0].caseId");
        String c = caseJson("duty", caseId);
        assertThat((String) JsonPath.read(c, "$.tasks[0].step")).isEqualTo("SMS");
        assertThat((String) JsonPath.read(c, "$.tasks[0].status")).isEqualTo("SKIPPED");
        assertThat((String) JsonPath.read(c, "$.tasks[0].outcome")).isEqualTo("DO_NOT_CONTACT");
        assertThat((String) JsonPath.read(c, "$.tasks[1].step")).isEqualTo("CALL");
        assertThat((String) JsonPath.read(c, "$.tasks[1].status")).isEqualTo("OPEN");
        assertThat((String) JsonPath.read(c, "$.tasks[1].assignee")).isEqualTo("officer-jy");
        String mine = call("officer-jy", get("/api/warnings/tasks?mine=true"), 200);
        assertThat((List<String>) JsonPath.read(mine, "$[*].caseId")).contains(caseId);
        Thread.sleep(2500); // two polls of the dispatcher
        assertThat(smsTo("+8613900000002")).isEmpty();
    }

    @Test
    void aSecondLeadForThePersonJoinsTheOpenCaseAndTheSameLeadSentAgainChangesNothing() throws Exception {
        String first = lead("dup-1", "13900000003", "石拐区", "\"source\": \"FLAGGED_CALL\", \"fraudType\": \"虚假购物服务\", \"age\": 40");
        String caseId = JsonPath.read(first, "$.results[0].caseId");
        assertThat((String) JsonPath.read(first, "$.results[0].priority")).isEqualTo("LOW");
        String again = lead("dup-1", "13900000003", "石拐区", "\"source\": \"FLAGGED_CALL\"");
        assertThat((String) JsonPath.read(again, "$.results[0].caseId")).isEqualTo(caseId);
        assertThat((Boolean) JsonPath.read(again, "$.results[0].duplicate")).isTrue();
        String second = lead("dup-2", "+86 139 0000 0003", "石拐区", "\"source\": \"FAMILY_REPORT\", \"amountAtRisk\": 5000");
        assertThat((String) JsonPath.read(second, "$.results[0].caseId")).isEqualTo(caseId);
        assertThat((Boolean) JsonPath.read(second, "$.results[0].joined")).isTrue();
        assertThat((String) JsonPath.read(second, "$.results[0].priority")).isEqualTo("HIGH"); // 1 + 1 + 1 + 2
        String c = caseJson("duty", caseId);
        assertThat((List<String>) JsonPath.read(c, "$.leads[*].externalId")).containsExactly("dup-1", "dup-2");
        assertThat((List<String>) JsonPath.read(c, "$.timeline[*].kind")).contains("LEAD_JOINED");
        await("one SMS", Duration.ofSeconds(15), () -> !smsTo("+8613900000003").isEmpty());
        Thread.sleep(500);
        assertThat(smsTo("+8613900000003")).hasSize(1);

        // a batch answers in the order sent; two leads for one new person in it open one case
        String batch = leads("{\"leads\": [{\"externalId\": \"b-1\", \"phone\": \"13900000004\", \"district\": \"石拐区\"},"
                + "{\"externalId\": \"b-2\", \"phone\": \"13900000005\", \"district\": \"石拐区\"},"
                + "{\"externalId\": \"b-3\", \"phone\": \"13900000004\", \"district\": \"石拐区\"}]}");
        assertThat((List<String>) JsonPath.read(batch, "$.results[*].externalId")).containsExactly("b-1", "b-2", "b-3");
        List<String> ids = JsonPath.read(batch, "$.results[*].caseId");
        assertThat(ids.get(2)).isEqualTo(ids.get(0)).isNotEqualTo(ids.get(1));
        assertThat((List<Boolean>) JsonPath.read(batch, "$.results[*].joined")).containsExactly(false, false, true);
    }

    @Test
    void anOfficerSeesAndActsOnlyOnItsOwnDistrictsTasksAndOnlyItsAssigneeSeesTheNumber() throws Exception {
        dnc.add("+8613900000006", "test: straight to a call", "manual", "test");
        dnc.add("+8613900000007", "test: straight to a call", "manual", "test");
        String dh = JsonPath.read(lead("iso-dh", "13900000006", "东河区", ""), "$.results[0].caseId");
        String qs = JsonPath.read(lead("iso-qs", "13900000007", "青山区", ""), "$.results[0].caseId");
        String dhTask = currentTask(dh);
        String qsTask = currentTask(qs);

        String mineDh = call("officer-dh", get("/api/warnings/tasks?mine=true"), 200);
        assertThat((List<String>) JsonPath.read(mineDh, "$[*].id")).contains(dhTask).doesNotContain(qsTask);
        assertThat((List<String>) JsonPath.read(mineDh, "$[*].district")).containsOnly("东河区");
        assertThat((List<String>) JsonPath.read(mineDh, "$[*].phone")).contains("139****0006");
        String allDh = call("officer-dh", get("/api/warnings/tasks"), 200);
        assertThat((List<String>) JsonPath.read(allDh, "$[*].id")).doesNotContain(qsTask);
        call("officer-dh", get("/api/warnings/cases/" + dh), 200);
        call("officer-dh", get("/api/warnings/cases/" + qs), 403);
        call("officer-dh", post("/api/warnings/tasks/" + qsTask + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"DISSUADED\"}"), 403);
        call("officer-dh", post("/api/warnings/tasks/" + qsTask + "/reveal"), 403);
        call("officer-qs", post("/api/warnings/tasks/" + dhTask + "/reveal"), 403);
        call("officer-dh", get("/api/warnings/cases"), 403); // the desk's list
        call("duty", post("/api/warnings/tasks/" + dhTask + "/reveal"), 403); // the desk sees every case, never a number

        String revealed = call("officer-dh", post("/api/warnings/tasks/" + dhTask + "/reveal"), 200);
        assertThat((String) JsonPath.read(revealed, "$.phone")).isEqualTo("+8613900000006");
        assertThat(audit.about("warning-task", dhTask, 5)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("officer-dh");
            assertThat(e.action()).isEqualTo("warning.reveal");
            assertThat(e.details()).doesNotContain("13900000006");
        });

        String closed = call("officer-dh", post("/api/warnings/tasks/" + dhTask + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"DISSUADED\", \"note\": \"本人已知晓，未转账\"}"), 200);
        assertThat((String) JsonPath.read(closed, "$.status")).isEqualTo("DISSUADED");
        assertThat((String) JsonPath.read(closed, "$.firstContactAt")).isNotNull();
        assertThat((List<String>) JsonPath.read(closed, "$.timeline[*].kind")).contains("PHONE_REVEALED", "OUTCOME", "CLOSED");
        call("officer-dh", post("/api/warnings/tasks/" + dhTask + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"UNREACHABLE\"}"), 409);
        call("officer-dh", post("/api/warnings/tasks/" + dhTask + "/reveal"), 409);
        assertThat((List<String>) JsonPath.read(call("officer-dh", get("/api/warnings/tasks?mine=true"), 200), "$[*].id")).doesNotContain(dhTask);

        // the desk records the other: the money had gone, with the amount
        call("duty", post("/api/warnings/tasks/" + qsTask + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"TRANSFERRED\"}"), 400);
        String lost = call("duty", post("/api/warnings/tasks/" + qsTask + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"TRANSFERRED\", \"amount\": 12000, \"note\": \"已转入对方账户\"}"), 200);
        assertThat((String) JsonPath.read(lost, "$.status")).isEqualTo("LOST");
        assertThat(((Number) JsonPath.read(lost, "$.amountLost")).intValue()).isEqualTo(12000);

        // a leader reads figures, never cases; nobody else reaches the API
        call("leader", get("/api/warnings/cases/" + dh), 403);
        call("leader", get("/api/warnings/tasks?mine=true"), 403);
        call("publicity", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content("{\"leads\": []}"), 403);
        call("officer-dh", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content("{\"leads\": []}"), 403);
        mvc.perform(get("/api/warnings/tasks?mine=true")).andExpect(status().isUnauthorized());
    }

    @Test
    void badLeadsAreRefusedSayingWhereAndNothingIsWritten() throws Exception {
        String bad = call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content(
                "{\"leads\": [{\"externalId\": \"ok-1\", \"phone\": \"13900000020\", \"district\": \"东河区\"},"
                        + "{\"externalId\": \"bad-1\", \"phone\": \"12345\", \"district\": \"东河区\"}]}"), 400);
        assertThat((String) JsonPath.read(bad, "$.message")).startsWith("leads[1].phone:");
        String noDistrict = call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content(
                "{\"leads\": [{\"externalId\": \"x\", \"phone\": \"13900000021\"}]}"), 400);
        assertThat((String) JsonPath.read(noDistrict, "$.message")).startsWith("leads[0].district:");
        String source = call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content(
                "{\"leads\": [{\"phone\": \"13900000021\", \"district\": \"东河区\", \"source\": \"PIGEON\"}]}"), 400);
        assertThat((String) JsonPath.read(source, "$.message")).contains("leads[0].source").contains("FLAGGED_CALL");
        String future = call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content(
                "{\"leads\": [{\"phone\": \"13900000021\", \"district\": \"东河区\", \"detectedAt\": \"2099-01-01T00:00:00+08:00\"}]}"), 400);
        assertThat((String) JsonPath.read(future, "$.message")).contains("leads[0].detectedAt").contains("future");
        call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content("{\"leads\": [}"), 400);
        // the good lead of the refused request was not taken in: sent again, it is new
        String ok = lead("ok-1", "13900000020", "东河区", "");
        assertThat((Boolean) JsonPath.read(ok, "$.results[0].duplicate")).isFalse();
    }

    @Test
    void aFileOfLeadsIsImportedWithItsBadRowsListedAndImportingItAgainChangesNothing() throws Exception {
        String csv = "线索编号,手机号,辖区,线索来源,诈骗类型,发现时间,年龄,涉险金额,亲属电话\n"
                + "F-1,13900000030,昆都仑区,银行预警,虚假网络投资理财,2026-11-30T09:00:00,52,80000,13900000031\n"
                + "F-2,1390000,昆都仑区,涉诈来电,刷单返利,,20,,\n"
                + "F-3,13900000032,昆都仑区,家属报告,冒充客服,2026-11-30 09:30,,,\n";
        MockMultipartFile file = new MockMultipartFile("file", "leads.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        String summary = call("duty", multipart("/api/warnings/leads/import").file(file), 200);
        assertThat((Integer) JsonPath.read(summary, "$.rows")).isEqualTo(3);
        assertThat((Integer) JsonPath.read(summary, "$.opened")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(summary, "$.rejected")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(summary, "$.errors[0].row")).isEqualTo(3);
        assertThat((String) JsonPath.read(summary, "$.errors[0].column")).isEqualTo("手机号");
        assertThat((String) JsonPath.read(summary, "$.errors[0].value")).doesNotContain("1390000");
        assertThat(summary).doesNotContain("13900000030");
        String caseId = JsonPath.read(summary, "$.results[0].caseId");
        String c = caseJson("duty", caseId);
        assertThat((String) JsonPath.read(c, "$.source")).isEqualTo("BANK_ALERT");
        assertThat((String) JsonPath.read(c, "$.relativePhone")).isEqualTo("139****0031");
        assertThat((String) JsonPath.read(c, "$.leads[0].via")).isEqualTo("FILE");
        String again = call("duty", multipart("/api/warnings/leads/import").file(file), 200);
        assertThat((Integer) JsonPath.read(again, "$.duplicates")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(again, "$.opened")).isEqualTo(0);
    }

    @Test
    void aCaseClosedThenWarnedAgainIsExemptFromTheFrequencyCap() throws Exception {
        String first = JsonPath.read(lead("cap-1", "13900000040", "白云鄂博矿区", ""), "$.results[0].caseId");
        await("the first SMS", Duration.ofSeconds(15), () -> !smsTo("+8613900000040").isEmpty());
        await("the call", Duration.ofSeconds(10), () -> {
            try {
                return JsonPath.read(caseJson("duty", first), "$.currentTask").toString().endsWith("-t1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        call("duty", post("/api/warnings/tasks/" + currentTask(first) + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"DISSUADED\"}"), 200);
        String second = JsonPath.read(lead("cap-2", "13900000040", "白云鄂博矿区", ""), "$.results[0].caseId");
        assertThat(second).isNotEqualTo(first);
        await("the second SMS, past the cap of 1 a day", Duration.ofSeconds(15), () -> smsTo("+8613900000040").size() == 2);
        assertThat((List<String>) JsonPath.read(caseJson("duty", second), "$.timeline[?(@.kind == 'SMS_EXEMPT')].detail"))
                .contains("FREQUENCY_CAP");
        assertThat((List<String>) JsonPath.read(caseJson("duty", second), "$.factors[*].factor")).contains("EARLIER_CASE");
    }

    @Test
    void aScriptedDayOfLeadsGivesExactFigures() throws Exception {
        // 2026-03-02 in the bureau's zone: five people, six leads, three districts
        for (int i = 50; i <= 54; i++) {
            dnc.add("+86139000000" + i, "test: straight to a call", "manual", "test");
        }
        String a = JsonPath.read(lead("day-1", "13900000050", "东河区", "\"source\": \"FLAGGED_CALL\", \"fraudType\": \"刷单返利\", "
                + "\"detectedAt\": \"2026-03-02T08:00:00+08:00\", \"amountAtRisk\": 10000"), "$.results[0].caseId");
        lead("day-2", "13900000050", "东河区", "\"source\": \"BANK_ALERT\", \"detectedAt\": \"2026-03-02T08:30:00+08:00\", \"amountAtRisk\": 30000");
        String b = JsonPath.read(lead("day-3", "13900000051", "东河区", "\"source\": \"BANK_ALERT\", \"fraudType\": \"虚假网络投资理财\", "
                + "\"detectedAt\": \"2026-03-02T12:00:00+08:00\", \"amountAtRisk\": 50000"), "$.results[0].caseId");
        String c = JsonPath.read(lead("day-4", "13900000052", "青山区", "\"source\": \"FAMILY_REPORT\", \"fraudType\": \"刷单返利\", "
                + "\"detectedAt\": \"2026-03-02T23:59:00+08:00\", \"amountAtRisk\": 2000"), "$.results[0].caseId");
        lead("day-5", "13900000053", "昆都仑区", "\"source\": \"FLAGGED_CALL\", \"detectedAt\": \"2026-03-02T00:00:00+08:00\"");
        // detected the day before and the day after: outside the day
        lead("day-6", "13900000054", "昆都仑区", "\"source\": \"FLAGGED_CALL\", \"detectedAt\": \"2026-03-01T23:59:59+08:00\"");
        call("duty", post("/api/warnings/tasks/" + currentTask(a) + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"DISSUADED\"}"), 200);
        call("duty", post("/api/warnings/tasks/" + currentTask(b) + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"TRANSFERRED\", \"amount\": 45000.5}"), 200);
        call("duty", post("/api/warnings/tasks/" + currentTask(c) + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"NOT_CONVINCED\"}"), 200);

        String report = call("leader", get("/api/warnings/stats?from=2026-03-02&to=2026-03-02&groupBy=district"), 200);
        assertThat((Integer) JsonPath.read(report, "$.days")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(report, "$.total.leads")).isEqualTo(5);
        assertThat((Double) JsonPath.read(report, "$.total.leadsPerDay")).isEqualTo(5.0);
        assertThat((Integer) JsonPath.read(report, "$.total.cases")).isEqualTo(4);
        assertThat((Integer) JsonPath.read(report, "$.total.dissuaded")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(report, "$.total.lost")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(report, "$.total.open")).isEqualTo(2);
        assertThat((Double) JsonPath.read(report, "$.total.dissuasionRate")).isEqualTo(0.5);
        assertThat(((Number) JsonPath.read(report, "$.total.amountAtRisk")).doubleValue()).isEqualTo(82000.0);
        assertThat(((Number) JsonPath.read(report, "$.total.amountLost")).doubleValue()).isEqualTo(45000.5);
        assertThat((Integer) JsonPath.read(report, "$.total.timeToFirstWarning.count")).isEqualTo(0); // all on the do-not-contact list
        assertThat((Integer) JsonPath.read(report, "$.total.timeToFirstContact.count")).isEqualTo(3);
        assertThat((Integer) JsonPath.read(report, "$.total.deadlineBreaches")).isEqualTo(0);
        List<Map<String, Object>> dongHe = JsonPath.read(report, "$.groups[?(@.key == '东河区')]");
        assertThat(dongHe).hasSize(1);
        assertThat(dongHe.get(0)).containsEntry("leads", 3).containsEntry("cases", 2).containsEntry("dissuaded", 1).containsEntry("lost", 1)
                .containsEntry("dissuasionRate", 0.5);
        assertThat((List<String>) JsonPath.read(report, "$.groups[*].key")).containsExactlyInAnyOrder("东河区", "青山区", "昆都仑区");

        String bySource = call("leader", get("/api/warnings/stats?from=2026-03-02&to=2026-03-02&groupBy=source"), 200);
        assertThat((List<Integer>) JsonPath.read(bySource, "$.groups[?(@.key == 'BANK_ALERT')].leads")).containsExactly(2);
        assertThat((List<Integer>) JsonPath.read(bySource, "$.groups[?(@.key == 'BANK_ALERT')].cases")).containsExactly(1);
        assertThat((List<Integer>) JsonPath.read(bySource, "$.groups[?(@.key == 'FLAGGED_CALL')].leads")).containsExactly(2);
        String byType = call("duty", get("/api/warnings/stats?from=2026-03-02&to=2026-03-02&groupBy=fraudType"), 200);
        assertThat((List<Integer>) JsonPath.read(byType, "$.groups[?(@.key == '刷单返利')].cases")).containsExactly(2);
        assertThat((List<Integer>) JsonPath.read(byType, "$.groups[?(@.key == '未知')].cases")).containsExactly(1);
        String twoDays = call("leader", get("/api/warnings/stats?from=2026-03-01&to=2026-03-02"), 200);
        assertThat((Integer) JsonPath.read(twoDays, "$.total.leads")).isEqualTo(6);
        assertThat((List<Integer>) JsonPath.read(twoDays, "$.perDay[*].leads")).containsExactly(1, 5);
        call("leader", get("/api/warnings/stats?from=2026-03-02&to=2026-03-01"), 400);
        call("leader", get("/api/warnings/stats?groupBy=colour"), 400);
        call("officer-dh", get("/api/warnings/stats"), 403);
    }

    @Test
    void eachRoleReachesItsPagesInBothLanguages() throws Exception {
        dnc.add("+8613900000060", "test: straight to a call", "manual", "test");
        String caseId = JsonPath.read(lead("page-1", "13900000060", "东河区", "\"fraudType\": \"刷单返利\""), "$.results[0].caseId");
        mvc.perform(get("/warnings").with(httpBasic("leader", PASSWORD))).andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/warnings/stats"));
        mvc.perform(get("/warnings").with(httpBasic("officer-dh", PASSWORD))).andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/warnings/tasks"));
        String desk = call("duty", get("/warnings"), 200);
        assertThat(desk).contains("预警值班台").contains("139****0060").doesNotContain("13900000060");
        assertThat(call("duty", get("/warnings/open"), 200)).contains("open-cases-table");
        String tasks = call("officer-dh", get("/warnings/tasks?lang=en"), 200);
        assertThat(tasks).contains("My warning tasks").contains("139****0060").contains("网上兼职刷单").doesNotContain("13900000060");
        String page = call("duty", get("/warnings/cases/" + caseId), 200);
        assertThat(page).contains("号码在免打扰名单").contains("值班民警电话劝阻");
        call("officer-qs", get("/warnings/cases/" + caseId), 403);
        assertThat(call("leader", get("/warnings/stats?groupBy=source&lang=en"), 200)).contains("Early-warning figures").contains("By source");
        call("leader", get("/warnings/tasks"), 403);
        call("publicity", get("/warnings"), 403);
        call("officer-dh", get("/warnings/stats"), 403);
    }
}
