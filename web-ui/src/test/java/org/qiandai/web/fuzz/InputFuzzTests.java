package org.qiandai.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.Fuzz;
import org.qiandai.campaign.bulletins.BulletinRefusedException;
import org.qiandai.campaign.bulletins.Bulletins;
import org.qiandai.campaign.cases.CaseFiles;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.warnings.LeadImports;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The warning-lead import ({@link LeadImports}, behind {@code POST /api/warnings/leads/import}) and the bulletin reader
 * ({@link Bulletins#read}, behind {@code POST /api/cases/bulletins}) in the whole application, fed mutated and random
 * input for a bounded time ({@link Fuzz}): lead files as {@code .xlsx}, {@code .xls} and {@code .csv}; bulletin pages
 * from the labelled set (uploaded, and pasted as text) cut, spliced, re-encoded and nested. Each answers (a summary
 * whose counts add up; a bulletin kept) or refuses with its documented exception ({@link ImportRefusedException},
 * {@link BulletinRefusedException}); nothing else is thrown, nothing hangs, and a refused input stores nothing.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false"})
@AutoConfigureMockMvc
class InputFuzzTests {

    static final List<String> LEAD_HEADERS = List.of("线索编号", "手机号", "所属辖区", "线索来源", "诈骗类型", "发现时间", "年龄", "性别", "涉险金额",
            "亲属电话", "备注");

    @Autowired LeadImports leads;
    @Autowired Bulletins bulletins;
    @Autowired MongoTemplate mongo;

    @TempDir Path dir;

    @Test
    void malformedAndRandomLeadFilesAreAnsweredOrRefusedNeverHalfWritten() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        String[] sources = {"FLAGGED_CALL", "BANK_ALERT", "FAMILY_REPORT"};
        for (int i = 0; i < 12; i++) {
            rows.add(List.of("fz-" + i, String.format("139%08d", 20_000 + i), i % 2 == 0 ? "东河区" : "青山区", sources[i % 3], "冒充公检法",
                    "2026-12-01T10:0" + (i % 10) + ":00+08:00", 40 + i * 3, i % 2 == 0 ? "男" : "女", 10_000 * i, "", "测试"));
        }
        rows.add(List.of("fz-bad", "12345", "外星区", "SPACE", "?", "昨天", "两百", "?", "-1", "abc", ""));
        List<List<String>> text = new ArrayList<>();
        text.add(LEAD_HEADERS);
        rows.forEach(r -> text.add(r.stream().map(String::valueOf).toList()));
        Path xlsx = CaseFiles.xlsx().row(LEAD_HEADERS.toArray()).rows(rows).write(dir.resolve("seed.xlsx"));
        Path xls = CaseFiles.xls().row(LEAD_HEADERS.toArray()).rows(rows).write(dir.resolve("seed.xls"));
        Path csv = CaseFiles.csv(dir.resolve("seed.csv"), StandardCharsets.UTF_8, true, text);
        Fuzz fuzz = new Fuzz("lead-import").seed(xlsx, "leads.xlsx").seed(xls, "leads.xls").seed(csv, "leads.csv")
                .refusals(ImportRefusedException.class);

        LeadImports.Summary[] last = {null};
        long[] before = {stored("warning_leads"), stored("warning_cases")};
        Fuzz.Report report = fuzz.run(dir, (file, name) -> last[0] = leads.importFile(file, name, "fuzz"), thrown -> {
            long[] after = {stored("warning_leads"), stored("warning_cases")};
            String problem = null;
            if (thrown == null) {
                LeadImports.Summary s = last[0];
                if (s.accepted() + s.rejected() != s.rows() || s.opened() + s.joined() + s.duplicates() != s.accepted()) {
                    problem = "counts do not add up: " + s;
                }
            } else if (after[0] != before[0] || after[1] != before[1]) {
                problem = "a refused file stored leads or cases (" + thrown + ")";
            }
            before[0] = after[0];
            before[1] = after[1];
            return problem;
        });
        assertThat(report.failures()).as(report.toString()).isEmpty();
        assertThat(report.inputs()).isGreaterThan(3);
    }

    @Test
    void malformedAndRandomBulletinPagesAreReadOrRefusedNeverHalfWritten() throws Exception {
        Fuzz fuzz = new Fuzz("bulletins").refusals(BulletinRefusedException.class);
        try (Stream<Path> pages = Files.list(Path.of("src/test/resources/bulletins"))) {
            pages.filter(p -> p.toString().endsWith(".html")).sorted().forEach(p -> fuzz.seed(p, p.getFileName().toString()));
        }
        fuzz.seed("市民张某（男，67岁）接到自称公安局的电话，被骗转账8万元。".getBytes(StandardCharsets.UTF_8), "pasted.txt");
        long[] before = {stored("bulletins")};
        Fuzz.Report report = fuzz.run(dir, (file, name) -> {
            byte[] bytes = Files.readAllBytes(file);
            Bulletins.Input input = name.endsWith(".txt") || bytes.length % 3 == 0
                    ? Bulletins.Input.pasted(new String(bytes, StandardCharsets.UTF_8), "fuzz", LocalDate.of(2026, 11, 30))
                    : Bulletins.Input.file(bytes, name, "fuzz", null);
            bulletins.read(input, "fuzz");
        }, thrown -> {
            long after = stored("bulletins");
            String problem = null;
            if (thrown == null && after != before[0] + 1) {
                problem = "a page read was not kept once (" + before[0] + " → " + after + ")";
            } else if (thrown != null && after != before[0]) {
                problem = "a refused page was kept (" + thrown + ")";
            }
            before[0] = after;
            return problem;
        });
        assertThat(report.failures()).as(report.toString()).isEmpty();
        assertThat(report.inputs()).isGreaterThan(3);
    }

    private long stored(String collection) {
        return mongo.getCollection(collection).countDocuments();
    }
}
