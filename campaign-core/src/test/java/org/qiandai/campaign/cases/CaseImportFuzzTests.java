package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.Fuzz;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The case import ({@link CaseImports#importFile}, behind {@code POST /api/cases/import}) fed mutated and random
 * {@code .xlsx}, {@code .xls} and {@code .csv} files for a bounded time ({@link Fuzz}): it answers a summary whose counts
 * add up, or refuses the file ({@link ImportRefusedException}); it never throws anything else or hangs; and a refused
 * file leaves the stored cases exactly as they were (the import writes while it reads and undoes a refused file's writes).
 */
@SpringBootTest(classes = CoreTestApplication.class)
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseImportFuzzTests {

    @Autowired CaseImports imports;
    @Autowired MongoTemplate mongo;

    @TempDir Path dir;

    static List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        String[] districts = {"昆都仑区", "青山区", "东河区", "九原区", "石拐区"};
        String[] types = {"刷单返利", "虚假网络投资理财", "冒充公检法及政府机关", "虚假养老投资"};
        for (int i = 0; i < 20; i++) {
            rows.add(List.of("FZ" + String.format("%04d", i), LocalDate.of(2026, 1 + i % 12, 1 + i), districts[i % districts.length], 18 + i * 3,
                    i % 2 == 0 ? "男" : "女", "退休人员", "高中", types[i % types.length], "电话", "家中", 1000 * (i + 1)));
        }
        rows.add(List.of("FZ-BAD", "2026-02-30", "外星区", "约四十", "?", "", "", "", "", "", "-5"));
        return rows;
    }

    @Test
    void malformedAndRandomCaseFilesAreAnsweredOrRefusedNeverHalfWritten() throws Exception {
        List<List<Object>> rows = rows();
        List<List<String>> text = new ArrayList<>();
        text.add(CaseFiles.HEADERS);
        rows.forEach(r -> text.add(r.stream().map(String::valueOf).toList()));
        Path xlsx = CaseFiles.xlsx().row(CaseFiles.HEADERS.toArray()).rows(rows).write(dir.resolve("seed.xlsx"));
        Path xls = CaseFiles.xls().row("包头市电信网络诈骗案件明细").row(CaseFiles.HEADERS.toArray()).rows(rows).write(dir.resolve("seed.xls"));
        Path csv = CaseFiles.csv(dir.resolve("seed.csv"), StandardCharsets.UTF_8, true, text);
        Fuzz fuzz = new Fuzz("case-import").seed(xlsx, "cases.xlsx").seed(xls, "cases.xls").seed(csv, "cases.csv")
                .refusals(ImportRefusedException.class);

        mongo.getCollection(CaseStore.COLLECTION).deleteMany(new Document());
        imports.importFile(xlsx, "cases.xlsx", "fuzz"); // the store holds the seed's cases: a refused file must not change them
        List<Document> before = cases();
        ImportSummary[] last = {null};
        Fuzz.Report report = fuzz.run(dir, (file, name) -> last[0] = imports.importFile(file, name, "fuzz"), thrown -> {
            String problem = null;
            if (thrown == null) {
                ImportSummary s = last[0];
                if (s.imported() + s.updated() + s.unchanged() + s.rejected() != s.rows()) {
                    problem = "counts do not add up: " + s;
                }
            } else if (!cases().equals(before)) {
                problem = "a refused file changed the stored cases (" + thrown + ")";
            }
            reset(before);
            return problem;
        });
        assertThat(report.failures()).as(report.toString()).isEmpty();
        assertThat(report.inputs()).isGreaterThan(3);
    }

    private List<Document> cases() {
        List<Document> all = new ArrayList<>();
        mongo.getCollection(CaseStore.COLLECTION).find().sort(new Document("_id", 1)).forEach(all::add);
        return all;
    }

    private void reset(List<Document> to) {
        mongo.getCollection(CaseStore.COLLECTION).deleteMany(new Document());
        mongo.getCollection(CaseStore.COLLECTION).insertMany(to);
    }
}
