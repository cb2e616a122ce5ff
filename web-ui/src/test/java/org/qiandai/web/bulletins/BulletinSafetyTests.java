package org.qiandai.web.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
 * Hostile pages, one test per class the issue names: scripts, event handlers, {@code javascript:} links, huge documents,
 * deeply nested documents and malformed encodings. None breaks the reader, none reaches the review page unescaped, and
 * every refusal says which limit and which option. The limits are set low here to keep the pages small.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false",
        "qiandai.bulletins.max-size=64KB", "qiandai.bulletins.max-depth=100", "qiandai.bulletins.max-drafts=50",
        "qiandai.bulletins.fetch.allowed-hosts=127.0.0.1", "qiandai.bulletins.fetch.timeout=3s"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulletinSafetyTests {

    static final String PASSWORD = "safety-pass-1";
    static final String CASE = "2024年6月3日，东河区居民周某（女，40岁）在家中接到冒充快递客服的电话，被骗1.5万元。";

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts accounts;

    @BeforeAll
    void analyst() {
        accounts.create("safety-analyst", PASSWORD, EnumSet.of(Role.ANALYST));
    }

    @Test
    void scriptsAreNeverReadAndScriptTextReachesThePageEscaped() throws Exception {
        String page = "<html><head><script>document.write('<p>2024年1月1日，某女（30岁）被骗99万元。</p>')</script></head><body>"
                + "<noscript><p>2024年1月2日，某男（31岁）被骗88万元。</p></noscript>"
                + "<p>2024年6月4日，昆都仑区居民吴某（男，35岁）&lt;script&gt;alert(1)&lt;/script&gt;在家中接到冒充客服的电话，"
                + "<script>fetch('/steal?c='+document.cookie)</script>被骗2万元。</p>"
                + "<style>p { background: url(javascript:alert(2)) }</style></body></html>";
        String body = call(json(page), 200);
        assertThat((List<?>) JsonPath.read(body, "$.drafts")).hasSize(1);
        String text = JsonPath.read(body, "$.drafts[0].text");
        assertThat(text).contains("<script>alert(1)</script>").doesNotContain("document.cookie").doesNotContain("99万").doesNotContain("88万");
        assertThat(((Number) JsonPath.read(body, "$.drafts[0].fields.loss.value")).intValue()).isEqualTo(20_000);

        String review = review(JsonPath.read(body, "$.bulletinId"));
        assertThat(review).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)").doesNotContain("document.cookie").doesNotContain("javascript:");
        assertThat(scriptTags(review)).allMatch(tag -> tag.matches("<script src=\"/[^\"]+\" defer>"));
    }

    @Test
    void eventHandlersAreDroppedAndQuotesInTheTextAreEscaped() throws Exception {
        String page = "<body onload=\"steal()\"><div onclick=\"steal()\"><p onmouseover=\"steal()\">" + CASE.replace("在家中", "在家中\" onmouseover=\"alert(3)")
                + "<img src=x onerror=\"steal()\"><svg onload=\"steal()\"><text>2024年1月1日某女被骗5万元</text></svg></p></div></body>";
        String body = call(json(page), 200);
        assertThat((List<?>) JsonPath.read(body, "$.drafts")).hasSize(1);
        assertThat(body).doesNotContain("steal()").doesNotContain("onerror");
        String review = review(JsonPath.read(body, "$.bulletinId"));
        assertThat(review).doesNotContain("steal()").doesNotContain("onerror").doesNotContain("onmouseover=\"alert")
                .contains("&quot; onmouseover=&quot;alert(3)");
    }

    @Test
    void javascriptLinksKeepTheirTextOnly() throws Exception {
        String page = "<p>2024年6月5日，青山区居民郑某（男，50岁）收到短信称可领取补贴，点击<a href=\"javascript:alert(4)\" "
                + "onclick=\"steal()\">“领取链接”</a>后按提示转账3000元。<a href=\"JaVaScRiPt:alert(5)\">详情</a>"
                + "<a href=\"data:text/html,<script>alert(6)</script>\">附件</a></p>";
        String body = call(json(page), 200);
        String text = JsonPath.read(body, "$.drafts[0].text");
        assertThat(text).contains("“领取链接”").contains("详情").doesNotContainIgnoringCase("javascript").doesNotContain("data:");
        String review = review(JsonPath.read(body, "$.bulletinId"));
        assertThat(review.toLowerCase()).doesNotContain("javascript:").doesNotContain("data:text/html").doesNotContain("steal()");
    }

    @Test
    void hugeDocumentsAreRefusedBeforeTheyAreReadSayingWhichLimit() throws Exception {
        StringBuilder huge = new StringBuilder("<html><body>");
        while (huge.length() < 40_000) {
            huge.append("<p>").append(CASE).append("</p>"); // ~75 KB in UTF-8, over the 64 KB set here
        }
        String refusal = call(json(huge.toString()), 413);
        assertThat((String) JsonPath.read(refusal, "$.rule")).isEqualTo("too-large");
        assertThat((String) JsonPath.read(refusal, "$.message")).contains("64 KB").contains("qiandai.bulletins.max-size");
        String upload = call(multipart("/api/cases/bulletins").file(new MockMultipartFile("file", "huge.html", "text/html",
                huge.toString().getBytes(StandardCharsets.UTF_8))), 413);
        assertThat((String) JsonPath.read(upload, "$.message")).contains("huge.html").contains("qiandai.bulletins.max-size");

        // many cases in a small page: refused past qiandai.bulletins.max-drafts, nothing kept
        StringBuilder many = new StringBuilder("<ol>");
        for (int i = 1; i <= 60; i++) {
            many.append("<li>东河区某女，").append(20 + i % 50).append("岁，被骗").append(1000 + i).append("元。</li>");
        }
        String tooMany = call(json(many.append("</ol>").toString()), 413);
        assertThat((String) JsonPath.read(tooMany, "$.rule")).isEqualTo("too-many-cases");
        assertThat((String) JsonPath.read(tooMany, "$.message")).contains("50").contains("qiandai.bulletins.max-drafts");
        String list = call(get("/api/cases/bulletins"), 200);
        assertThat((List<String>) JsonPath.read(list, "$[*].fileName")).doesNotContain("huge.html");
    }

    @Test
    void deeplyNestedDocumentsAreRefusedPastTheConfiguredDepthAndNeverBreakTheReader() throws Exception {
        for (String opener : List.of("<div>", "<b>", "<table><tr><td>", "<ul><li>")) {
            String deep = opener.repeat(2_000) + "<p>" + CASE + "</p>";
            String refusal = call(json(deep), 422);
            assertThat((String) JsonPath.read(refusal, "$.rule")).as(opener).isEqualTo("too-deep");
            assertThat((String) JsonPath.read(refusal, "$.message")).contains("100").contains("qiandai.bulletins.max-depth");
        }
        // within the limit, nesting is no problem
        String nested = "<div>".repeat(90) + "<p>" + CASE.replace("1.5万元", "1.6万元") + "</p>" + "</div>".repeat(90);
        String body = call(json(nested), 200);
        assertThat(((Number) JsonPath.read(body, "$.drafts[0].fields.loss.value")).intValue()).isEqualTo(16_000);
    }

    @Test
    void malformedEncodingsAreReadAsFarAsTheyGoOrRefusedClearly() throws Exception {
        // UTF-8 with broken bytes inside the narrative: read, the broken bytes shown as U+FFFD
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        broken.write("<html><head><meta charset=\"utf-8\"></head><body><p>".getBytes(StandardCharsets.UTF_8));
        broken.write("2024年6月6日，九原区居民钱某（男，28岁）".getBytes(StandardCharsets.UTF_8));
        broken.write(new byte[] {(byte) 0xFF, (byte) 0xC3, 0x28});
        broken.write("通过QQ兼职刷单，被骗7600元。</p></body></html>".getBytes(StandardCharsets.UTF_8));
        String body = upload("broken.html", broken.toByteArray(), 200);
        assertThat((String) JsonPath.read(body, "$.drafts[0].text")).contains("\uFFFD");
        assertThat(((Number) JsonPath.read(body, "$.drafts[0].fields.loss.value")).intValue()).isEqualTo(7_600);
        assertThat((Integer) JsonPath.read(body, "$.drafts[0].fields.age.value")).isEqualTo(28);

        // GB18030 bytes whose page claims UTF-8; and an unknown charset over UTF-8 bytes
        String gbPage = "<html><head><meta charset=\"utf-8\"></head><body><p>2024年6月7日，固阳县村民冯某（男，57岁）接到贷款短信，被骗6600元。</p></body></html>";
        body = upload("gb.html", gbPage.getBytes(Charset.forName("GB18030")), 200);
        assertThat((String) JsonPath.read(body, "$.drafts[0].fields.district.value")).isEqualTo("固阳县");
        String klingon = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=x-klingon\"></head>"
                + "<body><p>2024年6月8日，石拐区居民韩某（女，44岁）网购被骗900元。</p></body></html>";
        body = upload("klingon.html", klingon.getBytes(StandardCharsets.UTF_8), 200);
        assertThat((String) JsonPath.read(body, "$.drafts[0].fields.district.value")).isEqualTo("石拐区");

        // UTF-16 with a byte-order mark
        String utf16 = "<p>2024年6月9日，白云鄂博矿区居民许某（男，33岁）在网上购买游戏装备，被骗1200元。</p>";
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        withBom.write(utf16.getBytes(StandardCharsets.UTF_16LE));
        body = upload("utf16.html", withBom.toByteArray(), 200);
        assertThat((String) JsonPath.read(body, "$.drafts[0].fields.district.value")).isEqualTo("白云鄂博矿区");

        // pasted text with control characters: they go, the text stays
        body = call(json("<p>2024年6月10日，东河区居民鲍某（女，61岁）\u0000\u0007接到冒充公安的电话，被骗3万元。</p>"), 200);
        assertThat((String) JsonPath.read(body, "$.drafts[0].text")).doesNotContain("\u0000").doesNotContain("\u0007");

        // bytes that are no text at all, and files that are something else
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 'x';
        String refusal = upload("noise.html", noise, 422);
        assertThat((String) JsonPath.read(refusal, "$.rule")).isEqualTo("encoding");
        assertThat((String) JsonPath.read(refusal, "$.message")).contains("noise.html").contains("does not read as text");
        refusal = upload("case.pdf", "%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1), 415);
        assertThat((String) JsonPath.read(refusal, "$.message")).contains("PDF");
        refusal = upload("cases.xlsx", new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0}, 415);
        assertThat((String) JsonPath.read(refusal, "$.message")).contains("zip");
        refusal = upload("empty.html", new byte[0], 400);
        assertThat((String) JsonPath.read(refusal, "$.message")).contains("empty");
    }

    @Test
    void commentsHiddenTextAndPageChromeAreNotCases() throws Exception {
        String page = "<html><body><!-- 2024年1月3日，某女（33岁）被骗77万元 --><nav><p>2024年1月4日，某男（34岁）被骗66万元。</p></nav>"
                + "<div style=\"display: none\"><p>2024年1月5日，某女（35岁）被骗55万元。</p></div><div hidden><p>某男（36岁）被骗44万元。</p></div>"
                + "<p>" + CASE.replace("1.5万元", "1.7万元") + "</p><div class=\"footer\"><p>2024年1月6日，某女（37岁）被骗33万元。</p></div></body></html>";
        String body = call(json(page), 200);
        assertThat((List<Integer>) JsonPath.read(body, "$.drafts[*].fields.loss.value")).containsExactly(17_000);
    }

    @Test
    void fetchesByUrlOnlyFromTheHostsAnAdministratorAllowed() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<html><head><title>远程通报</title></head><body><p>" + CASE.replace("1.5万元", "1.8万元") + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/bulletin.html", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://10.0.0.1/admin");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            String body = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                    .content(BulletinApiTests.json(Map.of("url", url + "/bulletin.html"))), 200);
            assertThat((String) JsonPath.read(body, "$.title")).isEqualTo("远程通报");
            assertThat((String) JsonPath.read(body, "$.fileName")).isEqualTo(url + "/bulletin.html");
            assertThat((String) JsonPath.read(body, "$.source")).isEqualTo("127.0.0.1");
            assertThat(((Number) JsonPath.read(body, "$.drafts[0].fields.loss.value")).intValue()).isEqualTo(18_000);
            String other = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                    .content(BulletinApiTests.json(Map.of("url", url.replace("127.0.0.1", "localhost") + "/bulletin.html"))), 400);
            assertThat((String) JsonPath.read(other, "$.rule")).isEqualTo("host-not-allowed");
            String redirected = call(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON)
                    .content(BulletinApiTests.json(Map.of("url", url + "/redirect"))), 400);
            assertThat((String) JsonPath.read(redirected, "$.message")).contains("10.0.0.1");
        } finally {
            server.stop(0);
        }
    }

    private String review(String bulletinId) throws Exception {
        MvcResult result = mvc.perform(get("/cases/bulletins/{id}", bulletinId).with(user("safety-analyst").roles("ANALYST"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> scriptTags(String html) {
        return java.util.regex.Pattern.compile("<script[^>]*>").matcher(html).results().map(java.util.regex.MatchResult::group).toList();
    }

    private static AbstractMockHttpServletRequestBuilder<?> json(String html) {
        return post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content(BulletinApiTests.json(Map.of("html", html)));
    }

    private String upload(String name, byte[] bytes, int status) throws Exception {
        return call(multipart("/api/cases/bulletins").file(new MockMultipartFile("file", name, "text/html", bytes)), status);
    }

    private String call(AbstractMockHttpServletRequestBuilder<?> request, int status) throws Exception {
        MvcResult result = mvc.perform(request.with(httpBasic("safety-analyst", PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return body;
    }
}
