package org.qiandai.web.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * {@code /api/cases/bulletins} through the real filter chain, store and accounts: the answer's shape for the issue's own
 * example, a bulletin never read twice, the review (corrections, confirm into a case record whose source is the
 * bulletin, discard, reopen, delete), refusals that say what and where, and who may do it.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulletinApiTests {

    static final String PASSWORD = "bulletin-pass-1";
    /** The issue's example paragraph, as written there (half-width punctuation). */
    static final String EXAMPLE = "2023年5月,东河区市民李某(女,52岁,退休教师)在家中接到自称'京东客服'的电话,称其开通了会员需注销,"
            + "李某按对方要求下载会议软件并共享屏幕,先后转账3次共计8.6万元。";

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts accounts;

    @BeforeAll
    void users() {
        for (Role role : EnumSet.allOf(Role.class)) {
            if (accounts.find("bulletin-" + role.name().toLowerCase()).isEmpty()) {
                accounts.create("bulletin-" + role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
            }
        }
    }

    @Test
    void answersTheIssuesExampleWithEveryFieldItsConfidenceAndSpan() throws Exception {
        String html = "<html><head><title>冒充客服诈骗典型案例</title></head><body><p>" + EXAMPLE + "</p></body></html>";
        String body = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("html", html, "published", "2023-06-02"))), 200);
        assertThat((String) JsonPath.read(body, "$.bulletinId")).startsWith("bl-");
        assertThat((String) JsonPath.read(body, "$.title")).isEqualTo("冒充客服诈骗典型案例");
        assertThat((String) JsonPath.read(body, "$.published")).isEqualTo("2023-06-02");
        assertThat((List<?>) JsonPath.read(body, "$.drafts")).hasSize(1);
        assertThat((String) JsonPath.read(body, "$.drafts[0].id")).startsWith((String) JsonPath.read(body, "$.bulletinId"));
        assertThat((String) JsonPath.read(body, "$.drafts[0].text")).isEqualTo(EXAMPLE);
        Map<String, Map<String, Object>> fields = JsonPath.read(body, "$.drafts[0].fields");
        assertThat(fields).containsOnlyKeys("reportDate", "district", "age", "gender", "occupation", "venue", "fraudType",
                "contactChannel", "loss");
        assertThat(fields.get("reportDate")).containsEntry("value", "2023-05-01").containsEntry("span", "2023年5月");
        assertThat(fields.get("district")).containsEntry("value", "东河区").containsEntry("span", "东河区");
        assertThat(fields.get("age")).containsEntry("value", 52).containsEntry("span", "52岁");
        assertThat(fields.get("gender")).containsEntry("value", "女");
        assertThat(fields.get("occupation")).containsEntry("value", "离退休人员");
        assertThat(fields.get("venue")).containsEntry("value", "家中");
        assertThat(fields.get("fraudType")).containsEntry("value", "冒充电商物流客服").containsEntry("span", "京东客服");
        assertThat(fields.get("contactChannel")).containsEntry("value", "电话");
        assertThat(fields.get("loss")).containsEntry("span", "8.6万元");
        assertThat(((Number) fields.get("loss").get("value")).intValue()).isEqualTo(86_000);
        for (Map<String, Object> field : fields.values()) {
            double confidence = ((Number) field.get("confidence")).doubleValue();
            assertThat(confidence).isBetween(0.0, 1.0);
            int start = (Integer) field.get("start");
            int end = (Integer) field.get("end");
            assertThat(EXAMPLE.substring(start, end)).isEqualTo(field.get("span"));
        }
    }

    @Test
    void leavesOutWhatTheTextDoesNotState() throws Exception {
        String body = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("html", "<p>近日，一市民在网上被骗3000元，民警提醒大家提高警惕。</p><p>另一市民被骗走手机一部。</p>"))), 200);
        Map<String, Object> fields = JsonPath.read(body, "$.drafts[0].fields");
        assertThat(fields).containsOnlyKeys("loss");
        assertThat((Object) JsonPath.read(body, "$.published")).isNull();
    }

    @Test
    void keepsABulletinOnceAndAnswersTheSamePageWithTheBulletinKeptBefore() throws Exception {
        byte[] page = ("<html><head><title>一起刷单诈骗</title></head><body><div class='nav'>首页</div>"
                + "<p>2024年3月5日，九原区学生王某（男，19岁）在宿舍通过QQ兼职刷单，被骗4800元。</p></body></html>").getBytes(StandardCharsets.UTF_8);
        String first = call(multipart("/api/cases/bulletins").file(new MockMultipartFile("file", "shuadan.html", "text/html", page))
                .param("source", "九原区公安分局"), 200);
        String id = JsonPath.read(first, "$.bulletinId");
        assertThat((String) JsonPath.read(first, "$.source")).isEqualTo("九原区公安分局");
        assertThat((String) JsonPath.read(first, "$.fileName")).isEqualTo("shuadan.html");

        // the same page saved with other navigation, pasted this time: the same bulletin
        String again = "<html><body><ul class='menu'><li>警务公开</li></ul>"
                + "<p>2024年3月5日，九原区学生王某（男，19岁）在宿舍通过QQ兼职刷单，被骗4800元。</p></body></html>";
        MvcResult duplicate = perform(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content(json(Map.of("html", again))));
        assertThat(duplicate.getResponse().getStatus()).isEqualTo(409);
        String refusal = duplicate.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat((String) JsonPath.read(refusal, "$.bulletinId")).isEqualTo(id);
        assertThat((String) JsonPath.read(refusal, "$.rule")).isEqualTo("already-imported");
        assertThat(duplicate.getResponse().getHeader("Location")).endsWith("/api/cases/bulletins/" + id);

        String list = call(get("/api/cases/bulletins"), 200);
        assertThat((List<String>) JsonPath.read(list, "$[*].bulletinId")).containsOnlyOnce(id);
    }

    @Test
    void confirmedDraftsBecomeCaseRecordsWithTheBulletinAsTheirSourceAndOnlyThose() throws Exception {
        String page = "<html><head><title>青山区两起典型案例</title><meta name='PubDate' content='2024-11-20'></head><body>"
                + "<p><strong>案例一</strong></p><p>11月2日，青山区居民赵某（女，45岁，企业职工）在家中接到冒充快递客服的电话，称快递丢失可理赔，被骗2.7万元。</p>"
                + "<p><strong>案例二</strong></p><p>11月9日，青山区居民钱某（男，30岁）在网上购买演唱会门票，付款1500元后被拉黑。</p>"
                + "</body></html>";
        String read = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content(json(Map.of("html", page))), 200);
        String id = JsonPath.read(read, "$.bulletinId");
        String first = JsonPath.read(read, "$.drafts[0].id");
        String second = JsonPath.read(read, "$.drafts[1].id");
        assertThat((String) JsonPath.read(read, "$.drafts[0].fields.reportDate.value")).isEqualTo("2024-11-02");
        assertThat(caseCount(id)).isZero();

        // a wrong correction is refused, naming the field, and changes nothing
        String bad = call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, first).contentType(MediaType.APPLICATION_JSON)
                .content("{\"fields\": {\"age\": 130}}"), 400);
        assertThat((String) JsonPath.read(bad, "$.message")).startsWith("fields.age");
        call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, first).contentType(MediaType.APPLICATION_JSON)
                .content("{\"fields\": {\"reportDate\": \"2.11\"}}"), 400);
        call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, first).contentType(MediaType.APPLICATION_JSON)
                .content("{\"fields\": {\"wealth\": 1}}"), 400);
        assertThat(caseCount(id)).isZero();

        // corrected and confirmed: a case record, with the corrections, whose source is the bulletin
        MvcResult confirmed = perform(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, first).contentType(MediaType.APPLICATION_JSON)
                .content("{\"caseNo\": \"QS-2024-1102\", \"fields\": {\"age\": 46, \"venue\": null}}"));
        assertThat(confirmed.getResponse().getStatus()).isEqualTo(201);
        assertThat(confirmed.getResponse().getHeader("Location")).endsWith("/api/cases/QS-2024-1102");
        String stored = call(get("/api/cases/QS-2024-1102"), 200);
        assertThat((Integer) JsonPath.read(stored, "$.victimAge")).isEqualTo(46);
        assertThat((String) JsonPath.read(stored, "$.reportDate")).isEqualTo("2024-11-02");
        assertThat((String) JsonPath.read(stored, "$.district")).isEqualTo("青山区");
        assertThat((String) JsonPath.read(stored, "$.fraudType")).isEqualTo("冒充电商物流客服");
        assertThat((Object) JsonPath.read(stored, "$.venue")).isNull();
        assertThat(((Number) JsonPath.read(stored, "$.loss")).intValue()).isEqualTo(27_000);
        assertThat((String) JsonPath.read(stored, "$.note")).contains("冒充快递客服");
        assertThat((List<String>) JsonPath.read(stored, "$.importBatchIds")).containsExactly(id);
        String source = call(get("/api/cases/imports/{id}", id), 200);
        assertThat((String) JsonPath.read(source, "$.format")).isEqualTo("bulletin");
        assertThat((String) JsonPath.read(source, "$.fileName")).isEqualTo("青山区两起典型案例");
        assertThat((Integer) JsonPath.read(source, "$.imported")).isEqualTo(1);

        // decided once: confirming again, or discarding a confirmed draft, is refused
        call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, first).contentType(MediaType.APPLICATION_JSON).content("{}"), 409);
        call(post("/api/cases/bulletins/{id}/drafts/{d}/discard", id, first), 409);
        // a case number already taken is refused and leaves the draft open
        String taken = call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, second).contentType(MediaType.APPLICATION_JSON)
                .content("{\"caseNo\": \"QS-2024-1102\"}"), 409);
        assertThat((String) JsonPath.read(taken, "$.rule")).isEqualTo("case-exists");
        // discarded drafts never become cases; reopened, they can be confirmed
        String discarded = call(post("/api/cases/bulletins/{id}/drafts/{d}/discard", id, second), 200);
        assertThat((String) JsonPath.read(discarded, "$.status")).isEqualTo("DISCARDED");
        assertThat(caseCount(id)).isEqualTo(1);
        String view = call(get("/api/cases/bulletins/{id}", id), 200);
        assertThat((Integer) JsonPath.read(view, "$.confirmed")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(view, "$.discarded")).isEqualTo(1);
        assertThat((String) JsonPath.read(view, "$.drafts[0].caseNo")).isEqualTo("QS-2024-1102");
        assertThat((Integer) JsonPath.read(view, "$.drafts[0].caseValues.age")).isEqualTo(46);
        call(post("/api/cases/bulletins/{id}/drafts/{d}/reopen", id, second), 200);
        String defaultNumber = call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, second), 201);
        assertThat((String) JsonPath.read(defaultNumber, "$.case.caseNo")).isEqualTo(second);
        assertThat(caseCount(id)).isEqualTo(2);

        // a bulletin that is the source of cases stays
        call(delete("/api/cases/bulletins/{id}", id), 409);
        call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", "bl-000000000000", "x"), 404);
        call(post("/api/cases/bulletins/{id}/drafts/{d}/confirm", id, "x"), 404);
    }

    @Test
    void deletesABulletinWithoutCasesSoThatItCanBeReadAgain() throws Exception {
        String page = "<p>2024年5月6日，固阳县村民孙某（男，50岁）接到贷款短信，被骗1.1万元。</p>";
        String read = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content(json(Map.of("html", page))), 200);
        String id = JsonPath.read(read, "$.bulletinId");
        call(delete("/api/cases/bulletins/{id}", id), 204);
        call(get("/api/cases/bulletins/{id}", id), 404);
        String again = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content(json(Map.of("html", page))), 200);
        assertThat((String) JsonPath.read(again, "$.bulletinId")).isEqualTo(id);
    }

    @Test
    void refusesRequestsWithoutAPageOrWithBadValuesSayingWhat() throws Exception {
        assertThat(call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content("{}"), 400)).contains("html");
        assertThat(call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content("{\"html\": 12"), 400))
                .contains("JSON");
        assertThat(call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                .content("{\"html\": \"<p>x</p>\", \"published\": \"24.3.2025\"}"), 400)).contains("published");
        assertThat(call(multipart("/api/cases/bulletins").file(new MockMultipartFile("other", "a.html", "text/html", new byte[] {1})), 400))
                .contains("file");
        String fetch = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\": \"http://127.0.0.1:1/admin\"}"), 400);
        assertThat((String) JsonPath.read(fetch, "$.rule")).isEqualTo("fetch-disabled");
    }

    @Test
    void showsTheVocabularyInForce() throws Exception {
        String body = call(get("/api/cases/bulletins/vocabulary"), 200);
        assertThat((String) JsonPath.read(body, "$.location")).isEqualTo("classpath:bulletins/vocabulary.yml");
        assertThat((List<String>) JsonPath.read(body, "$.vocabulary.fraudTypes[*].name")).contains("刷单返利", "冒充电商物流客服");
        assertThat((List<String>) JsonPath.read(body, "$.districts")).hasSize(9).contains("达尔罕茂明安联合旗");
    }

    @Test
    void onlyAnalystsReadBulletins() throws Exception {
        for (Role role : EnumSet.complementOf(EnumSet.of(Role.ANALYST))) {
            assertThat(mvc.perform(get("/api/cases/bulletins").with(httpBasic("bulletin-" + role.name().toLowerCase(), PASSWORD)))
                    .andReturn().getResponse().getStatus()).isEqualTo(403);
            assertThat(mvc.perform(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content("{\"html\": \"<p>x</p>\"}")
                    .with(httpBasic("bulletin-" + role.name().toLowerCase(), PASSWORD))).andReturn().getResponse().getStatus()).isEqualTo(403);
        }
        assertThat(mvc.perform(get("/api/cases/bulletins")).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    private int caseCount(String bulletinId) throws Exception {
        String page = call(get("/api/cases?importBatchId={id}", bulletinId), 200);
        return JsonPath.read(page, "$.page.totalElements");
    }

    private MvcResult perform(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.with(httpBasic("bulletin-analyst", PASSWORD))).andReturn();
    }

    private String call(AbstractMockHttpServletRequestBuilder<?> request, int status) throws Exception {
        MvcResult result = perform(request);
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return body;
    }

    /** A JSON object of strings, escaped as JSON requires (quotes, backslashes, control characters). */
    static String json(Map<String, String> values) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":\"");
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        });
        return sb.append('}').toString();
    }
}
