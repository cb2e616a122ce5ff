package org.qiandai.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.Fuzz;
import org.qiandai.campaign.cases.CaseFiles;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.cases.ImportSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The contact import ({@link ContactImports#importFile}, behind {@code POST /api/contacts/import}) fed mutated and
 * random {@code .xlsx}, {@code .xls} and {@code .csv} files for a bounded time ({@link Fuzz}): a summary whose counts
 * add up, or {@link ImportRefusedException}; never another exception or a hang; a refused file writes no contact.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class ContactImportFuzzTests {

    static final List<String> HEADERS = List.of("手机号", "所属辖区", "年龄", "性别", "职业", "学历", "语言", "来源", "同意日期");

    @Autowired ContactImports imports;
    @Autowired MongoTemplate mongo;

    @TempDir Path dir;

    @Test
    void malformedAndRandomContactFilesAreAnsweredOrRefusedNeverHalfWritten() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(List.of(String.format("138%08d", 10_000 + i), i % 2 == 0 ? "东河区" : "青山区", 20 + i * 3, i % 2 == 0 ? "男" : "女", "学生",
                    "本科", "zh-CN", "社区登记", "2026-11-0" + (1 + i % 9)));
        }
        rows.add(List.of("12345", "外星区", "两百", "?", "", "", "xx", "", "昨天"));
        List<List<String>> text = new ArrayList<>();
        text.add(HEADERS);
        rows.forEach(r -> text.add(r.stream().map(String::valueOf).toList()));
        Path xlsx = CaseFiles.xlsx().row(HEADERS.toArray()).rows(rows).write(dir.resolve("seed.xlsx"));
        Path xls = CaseFiles.xls().row(HEADERS.toArray()).rows(rows).write(dir.resolve("seed.xls"));
        Path csv = CaseFiles.csv(dir.resolve("seed.csv"), StandardCharsets.UTF_8, false, text);
        Fuzz fuzz = new Fuzz("contact-import").seed(xlsx, "contacts.xlsx").seed(xls, "contacts.xls").seed(csv, "contacts.csv")
                .refusals(ImportRefusedException.class);

        ImportSummary[] last = {null};
        mongo.getCollection(ContactStore.COLLECTION).deleteMany(new Document());
        Fuzz.Report report = fuzz.run(dir, (file, name) -> last[0] = imports.importFile(file, name, "fuzz"), thrown -> {
            String problem = null;
            long stored = mongo.getCollection(ContactStore.COLLECTION).countDocuments();
            if (thrown == null) {
                ImportSummary s = last[0];
                if (s.imported() + s.updated() + s.unchanged() + s.rejected() != s.rows()) {
                    problem = "counts do not add up: " + s;
                }
            } else if (stored != 0) {
                problem = "a refused file wrote " + stored + " contacts (" + thrown + ")";
            }
            mongo.getCollection(ContactStore.COLLECTION).deleteMany(new Document());
            return problem;
        });
        assertThat(report.failures()).as(report.toString()).isEmpty();
        assertThat(report.inputs()).isGreaterThan(3);
    }
}
