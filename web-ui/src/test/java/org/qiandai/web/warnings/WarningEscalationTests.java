package org.qiandai.web.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiandai.channels.ChannelFixtures.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.channels.standin.TwilioStandIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * The ladder climbing by itself with short configured deadlines ({@code qiandai.warning.sla.*} of a second or two): an
 * SMS that leaves opens the duty officer's call, a call not answered in time escalates to the relative, then to the
 * visit, each passing flagged as a breach; the last step stays open, overdue, until an outcome closes the case; a
 * failed SMS escalates at once.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "QIANDAI_ADMIN_PASSWORD=" + WarningEscalationTests.PASSWORD,
        "qiandai.channels.twilio.enabled=true", "qiandai.channels.twilio.account-sid=" + WarningEscalationTests.SID,
        "qiandai.channels.twilio.auth-token=" + WarningEscalationTests.TOKEN, "qiandai.channels.twilio.from=+15005550006",
        "qiandai.channels.twilio.rate=100", "qiandai.channels.dispatch.flush=30ms", "qiandai.public-base-url=http://127.0.0.1:9",
        "qiandai.quiet-hours.sms-twilio=", "qiandai.channels.dispatch.max-attempts=1",
        "qiandai.warning.sla.sms=PT20S", "qiandai.warning.sla.call=PT2S", "qiandai.warning.sla.relatives=PT1S", "qiandai.warning.sla.visit=PT1S",
        "qiandai.warning.tick=200ms"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarningEscalationTests {

    static final String PASSWORD = "a-long-password";
    static final String SID = "AC0000000000000000000000000000000e";
    static final String TOKEN = "escalation-test-auth-token";
    static TwilioStandIn twilio;

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) throws IOException {
        twilio = new TwilioStandIn(SID, TOKEN);
        registry.add("qiandai.channels.twilio.base-url", twilio::baseUrl);
    }

    @AfterAll
    void close() {
        twilio.close();
    }

    @BeforeAll
    void users() {
        accounts.create("duty", PASSWORD, EnumSet.of(Role.DUTY));
        accounts.create("officer", PASSWORD, EnumSet.of(Role.OFFICER), List.of("东河区"));
    }

    private String call(String user, AbstractMockHttpServletRequestBuilder<?> request, int expected) throws Exception {
        return mvc.perform(request.with(httpBasic(user, PASSWORD))).andExpect(status().is(expected))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String lead(String json) throws Exception {
        String answer = call("duty", post("/api/warnings/leads").contentType(MediaType.APPLICATION_JSON).content("{\"leads\": [" + json + "]}"), 200);
        return JsonPath.read(answer, "$.results[0].caseId");
    }

    private String caseJson(String caseId) throws Exception {
        return call("duty", get("/api/warnings/cases/" + caseId), 200);
    }

    private List<String> steps(String caseId) throws Exception {
        return JsonPath.read(caseJson(caseId), "$.tasks[*].step");
    }

    private void awaitCase(String what, String caseId, java.util.function.Predicate<String> condition) throws InterruptedException {
        await(what, Duration.ofSeconds(30), () -> {
            try {
                return condition.test(caseJson(caseId));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void deadlinesThatPassEscalateByThemselvesUpTheLadderAndAreFlagged() throws Exception {
        String id = lead("{\"externalId\": \"esc-1\", \"phone\": \"13900000101\", \"district\": \"东河区\", \"fraudType\": \"冒充公检法\", "
                + "\"age\": 70, \"relativePhone\": \"13900000102\"}");
        awaitCase("the visit", id, c -> ((List<?>) JsonPath.read(c, "$.tasks")).size() == 4);
        String c = caseJson(id);
        assertThat((List<String>) JsonPath.read(c, "$.tasks[*].step")).containsExactly("SMS", "CALL", "RELATIVES", "VISIT");
        assertThat((List<String>) JsonPath.read(c, "$.tasks[*].status")).containsExactly("DONE", "ESCALATED", "ESCALATED", "OPEN");
        assertThat((List<Boolean>) JsonPath.read(c, "$.tasks[*].breached")).containsExactly(false, true, true, false);
        assertThat((List<String>) JsonPath.read(c, "$.tasks[1:].assignee")).containsOnly("officer");
        assertThat(smsTo("+8613900000101")).hasSize(1);

        awaitCase("the visit overdue", id, x -> (Integer) JsonPath.read(x, "$.breaches") == 3);
        c = caseJson(id);
        assertThat((String) JsonPath.read(c, "$.status")).isEqualTo("OPEN");
        assertThat((String) JsonPath.read(c, "$.tasks[3].status")).isEqualTo("OPEN");
        assertThat((Boolean) JsonPath.read(c, "$.tasks[3].breached")).isTrue();
        assertThat((List<String>) JsonPath.read(c, "$.timeline[?(@.kind == 'DEADLINE_PASSED')].step")).containsExactly("CALL", "RELATIVES", "VISIT");
        String mine = call("officer", get("/api/warnings/tasks?mine=true"), 200);
        assertThat((List<String>) JsonPath.read(mine, "$[?(@.caseId == '" + id + "')].step")).containsExactly("VISIT");
        assertThat((List<Integer>) JsonPath.read(mine, "$[?(@.caseId == '" + id + "')].secondsLeft")).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(0));

        // the relative's number is shown for the relative's step (late: it escalated), and a late outcome is kept
        String relativeTask = id + "-t2";
        call("officer", post("/api/warnings/tasks/" + relativeTask + "/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"UNREACHABLE\", \"note\": \"亲属电话无人接听\"}"), 200);
        String closed = call("officer", post("/api/warnings/tasks/" + id + "-t3/outcome").contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"DISSUADED\", \"note\": \"上门劝阻成功\"}"), 200);
        assertThat((String) JsonPath.read(closed, "$.status")).isEqualTo("DISSUADED");
        assertThat((Boolean) JsonPath.read(closed, "$.tasks[2].late")).isTrue();
        assertThat((Integer) JsonPath.read(closed, "$.breaches")).isEqualTo(3);
        String stats = call("duty", get("/api/warnings/stats?groupBy=district"), 200);
        assertThat((Integer) JsonPath.read(stats, "$.total.deadlineBreaches")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void withoutARelativeTheLadderSkipsThatStepAndAFailedSmsEscalatesAtOnce() throws Exception {
        twilio.reply = r -> r.to().equals("+8613900000103") ? TwilioStandIn.Reply.error(400, 21211, "The 'To' number is not a valid phone number.")
                : TwilioStandIn.Reply.accept();
        try {
            String id = lead("{\"externalId\": \"esc-2\", \"phone\": \"13900000103\", \"district\": \"东河区\"}");
            awaitCase("the call after the failed SMS", id, c -> ((List<?>) JsonPath.read(c, "$.tasks")).size() >= 2);
            String c = caseJson(id);
            assertThat((String) JsonPath.read(c, "$.tasks[0].status")).isEqualTo("ESCALATED");
            assertThat((String) JsonPath.read(c, "$.tasks[0].outcome")).isEqualTo("FAILED");
            assertThat((Boolean) JsonPath.read(c, "$.tasks[0].breached")).isFalse();
            assertThat((String) JsonPath.read(c, "$.firstWarningAt")).isNull();
            awaitCase("the visit", id, x -> ((List<String>) JsonPath.read(x, "$.tasks[*].step")).contains("VISIT"));
            c = caseJson(id);
            assertThat((List<String>) JsonPath.read(c, "$.tasks[*].step")).containsExactly("SMS", "CALL", "RELATIVES", "VISIT");
            assertThat((String) JsonPath.read(c, "$.tasks[2].status")).isEqualTo("SKIPPED");
            assertThat((String) JsonPath.read(c, "$.tasks[2].outcome")).isEqualTo("NO_RELATIVE");
            String done = call("officer", post("/api/warnings/tasks/" + id + "-t3/outcome").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"outcome\": \"WRONG_NUMBER\"}"), 200);
            assertThat((String) JsonPath.read(done, "$.status")).as("the ladder ran out").isEqualTo("LOST");
        } finally {
            twilio.reply = r -> TwilioStandIn.Reply.accept();
        }
    }

    private List<TwilioStandIn.Received> smsTo(String e164) {
        synchronized (twilio.received) {
            return twilio.received.stream().filter(r -> r.to().equals(e164)).toList();
        }
    }
}
