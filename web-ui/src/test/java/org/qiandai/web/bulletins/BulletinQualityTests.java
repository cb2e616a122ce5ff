package org.qiandai.web.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

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
import org.springframework.test.web.servlet.MvcResult;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The reader's quality on the labelled set ({@code src/test/resources/bulletins/labels.yml}: fifteen pages in the
 * styles of real bulletins, 64 narratives), measured through the public API: every page is posted to
 * {@code POST /api/cases/bulletins} as an upload or as pasted text, its drafts are aligned with the labelled cases in
 * document order, and every field is counted: right (the value read equals the label), wrong, read but not stated
 * (a guess), or stated but not read. Precision = right / read, recall = right / stated. Goals (issue 7): at least 0.9
 * for fraud type, age, gender and loss; at least 0.8 for occupation, venue, date and district.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false"})
@AutoConfigureMockMvc
class BulletinQualityTests {

    static final String USER = "quality-analyst";
    static final String PASSWORD = "quality-pass-1";
    static final List<String> FIELDS = List.of("reportDate", "district", "age", "gender", "occupation", "venue", "fraudType",
            "contactChannel", "loss");
    static final Map<String, Double> GOALS = Map.of("fraudType", 0.9, "age", 0.9, "gender", 0.9, "loss", 0.9,
            "occupation", 0.8, "venue", 0.8, "reportDate", 0.8, "district", 0.8);

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccounts accounts;

    /** Per field: right, read (drafts that have it), stated (labels that have it). */
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final List<String> misses = new ArrayList<>();
    private int casesLabelled;
    private int draftsRead;
    private int casesMatched;

    @Test
    void readsTheLabelledSetWithTheIssuesPrecisionAndRecall() throws Exception {
        accounts.create(USER, PASSWORD, EnumSet.of(Role.ANALYST));
        FIELDS.forEach(f -> counts.put(f, new int[3]));
        List<Map<String, Object>> pages = labels();
        for (Map<String, Object> page : pages) {
            check(page);
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%n%d pages, %d labelled cases, %d drafts, %d aligned%n",
                pages.size(), casesLabelled, draftsRead, casesMatched));
        report.append(String.format(Locale.ROOT, "%-15s %6s %6s %6s %9s %7s%n", "field", "right", "read", "stated", "precision", "recall"));
        Map<String, double[]> scores = new LinkedHashMap<>();
        counts.forEach((field, c) -> {
            double precision = c[1] == 0 ? 1 : (double) c[0] / c[1];
            double recall = c[2] == 0 ? 1 : (double) c[0] / c[2];
            scores.put(field, new double[] {precision, recall});
            report.append(String.format(Locale.ROOT, "%-15s %6d %6d %6d %9.3f %7.3f%n", field, c[0], c[1], c[2], precision, recall));
        });
        misses.forEach(m -> report.append("  ").append(m).append('\n'));
        System.out.println(report);

        assertThat(casesLabelled).as("the labelled set").isGreaterThanOrEqualTo(40);
        assertThat((double) casesMatched / casesLabelled).as("cases found" + report).isGreaterThanOrEqualTo(0.95);
        assertThat((double) casesMatched / draftsRead).as("drafts that are cases" + report).isGreaterThanOrEqualTo(0.95);
        GOALS.forEach((field, goal) -> {
            assertThat(scores.get(field)[0]).as(field + " precision" + report).isGreaterThanOrEqualTo(goal);
            assertThat(scores.get(field)[1]).as(field + " recall" + report).isGreaterThanOrEqualTo(goal);
        });
    }

    private void check(Map<String, Object> page) throws Exception {
        String name = (String) page.get("page");
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/bulletins/" + name)) {
            assertThat(in).as(name).isNotNull();
            bytes = in.readAllBytes();
        }
        String sent = text(page.get("publishedSent"));
        MvcResult result;
        if ("json".equals(page.get("send"))) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("html", new String(bytes, StandardCharsets.UTF_8));
            if (sent != null) {
                body.put("published", sent);
            }
            result = mvc.perform(post("/api/cases/bulletins").contentType(MediaType.APPLICATION_JSON).content(BulletinApiTests.json(body))
                    .with(httpBasic(USER, PASSWORD))).andReturn();
        } else {
            var request = multipart("/api/cases/bulletins").file(new MockMultipartFile("file", name, "text/html", bytes));
            if (sent != null) {
                request.param("published", sent);
            }
            result = mvc.perform(request.with(httpBasic(USER, PASSWORD))).andReturn();
        }
        String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(name + ": " + answer).isEqualTo(200);
        if (page.get("title") != null) {
            assertThat((String) JsonPath.read(answer, "$.title")).as(name + " title").isEqualTo(page.get("title"));
        }
        assertThat((String) JsonPath.read(answer, "$.published")).as(name + " published").isEqualTo(text(page.get("published")));

        List<Map<String, Object>> drafts = new ArrayList<>();
        for (Map<String, Map<String, Object>> fields : JsonPath.<List<Map<String, Map<String, Object>>>>read(answer, "$.drafts[*].fields")) {
            Map<String, Object> values = new LinkedHashMap<>();
            fields.forEach((k, v) -> values.put(k, text(v.get("value"))));
            drafts.add(values);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> expected = ((List<Map<String, Object>>) page.get("cases")).stream().map(c -> {
            Map<String, Object> values = new LinkedHashMap<>();
            c.forEach((k, v) -> values.put(k, text(v)));
            return values;
        }).toList();
        casesLabelled += expected.size();
        draftsRead += drafts.size();
        int[][] pairs = align(drafts, expected);
        boolean[] draftMatched = new boolean[drafts.size()];
        boolean[] caseMatched = new boolean[expected.size()];
        for (int[] pair : pairs) {
            draftMatched[pair[0]] = true;
            caseMatched[pair[1]] = true;
            casesMatched++;
            compare(name + " case " + (pair[1] + 1), drafts.get(pair[0]), expected.get(pair[1]));
        }
        for (int i = 0; i < drafts.size(); i++) {
            if (!draftMatched[i]) {
                misses.add(name + ": a draft that is no labelled case: " + drafts.get(i));
                compare(name + " extra draft", drafts.get(i), Map.of());
            }
        }
        for (int j = 0; j < expected.size(); j++) {
            if (!caseMatched[j]) {
                misses.add(name + ": labelled case " + (j + 1) + " not found");
                compare(name + " missed case " + (j + 1), Map.of(), expected.get(j));
            }
        }
    }

    private void compare(String where, Map<String, Object> read, Map<String, Object> label) {
        for (String field : FIELDS) {
            Object got = read.get(field);
            Object want = label.get(field);
            int[] c = counts.get(field);
            if (got != null) {
                c[1]++;
            }
            if (want != null) {
                c[2]++;
            }
            if (got != null && same(field, got, want)) {
                c[0]++;
            } else if (got != null || want != null) {
                misses.add(where + " " + field + ": read " + got + ", labelled " + want);
            }
        }
    }

    /** Drafts and labelled cases aligned in order, maximising the fields that agree (a case may be missed or extra). */
    private static int[][] align(List<Map<String, Object>> drafts, List<Map<String, Object>> expected) {
        int n = drafts.size();
        int m = expected.size();
        int[][] best = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                int agree = agreement(drafts.get(i), expected.get(j));
                best[i][j] = Math.max(Math.max(best[i + 1][j], best[i][j + 1]), agree > 0 ? agree + best[i + 1][j + 1] : 0);
            }
        }
        List<int[]> pairs = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            int agree = agreement(drafts.get(i), expected.get(j));
            if (agree > 0 && best[i][j] == agree + best[i + 1][j + 1]) {
                pairs.add(new int[] {i++, j++});
            } else if (best[i][j] == best[i + 1][j]) {
                i++;
            } else {
                j++;
            }
        }
        return pairs.toArray(int[][]::new);
    }

    private static int agreement(Map<String, Object> read, Map<String, Object> label) {
        int agree = 0;
        for (String field : FIELDS) {
            if (read.get(field) != null && same(field, read.get(field), label.get(field))) {
                agree++;
            }
        }
        return agree;
    }

    private static boolean same(String field, Object got, Object want) {
        if (want == null) {
            return false;
        }
        if (field.equals("loss") || field.equals("age")) {
            return new BigDecimal(got.toString()).compareTo(new BigDecimal(want.toString())) == 0;
        }
        return got.toString().equals(want.toString());
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Date date) {
            SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
            day.setTimeZone(TimeZone.getTimeZone("UTC"));
            return day.format(date);
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> labels() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/bulletins/labels.yml")) {
            return (List<Map<String, Object>>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }
}
