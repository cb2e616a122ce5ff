package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.CoreTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The import limits as configured ({@code qiandai.import.*}), against a store chosen by each subclass. */
@SpringBootTest(classes = CoreTestApplication.class,
        properties = {"qiandai.import.max-file-size=16KB", "qiandai.import.max-errors=3", "qiandai.import.max-rows=100"})
abstract class AbstractCaseImportLimitsTests {

    @Autowired
    CaseImports imports;

    @Autowired
    MongoTemplate mongo;

    @TempDir
    Path dir;

    @BeforeEach
    void emptyStore() {
        mongo.getCollection(CaseStore.COLLECTION).deleteMany(new Document());
        mongo.getCollection(ImportBatches.COLLECTION).deleteMany(new Document());
    }

    @Test
    void refusesAFileOverTheSizeLimitLeavingTheStoreAsItWas() throws Exception {
        imports.importFile(csv("small.csv", 10), "small.csv", "analyst");
        List<Document> before = stored();
        Path large = csv("large.csv", 600);
        assertThat(Files.size(large)).isGreaterThan(16 * 1024);

        assertThatThrownBy(() -> imports.importFile(large, "large.csv", "analyst"))
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImportRefusedException.Reason.TOO_LARGE);
                    assertThat(e.getMessage()).contains("large.csv", "over the limit", "qiandai.import.max-file-size");
                    assertThat(e.summary().status()).isEqualTo(ImportStatus.FAILED);
                });
        assertThat(stored()).isEqualTo(before).hasSize(10);
    }

    @Test
    void startImportRefusesAFileOverTheSizeLimitAtOnce() throws Exception {
        Path large = csv("large.csv", 600);

        assertThatThrownBy(() -> imports.startImport(large, "large.csv", "analyst"))
                .isInstanceOfSatisfying(ImportRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImportRefusedException.Reason.TOO_LARGE));
        assertThat(large).doesNotExist();
        assertThat(stored()).isEmpty();
    }

    @Test
    void capsTheListedErrorsButCountsEveryRejectedRow() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("案件编号", "报案日期", "受害人年龄", "损失金额"));
        rows.add(List.of("OK1", "2021-03-05", "45", "100"));
        for (int i = 0; i < 10; i++) {
            rows.add(List.of("BAD" + i, "2021-02-30", i % 2 == 0 ? "约四十" : "45", "100"));
        }
        rows.add(List.of("OK2", "2021-03-05", "45", "100"));
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), rows);

        ImportSummary summary = imports.importFile(file, "cases.csv", "analyst");

        assertThat(summary.rows()).isEqualTo(12);
        assertThat(summary.imported()).isEqualTo(2);
        assertThat(summary.rejected()).isEqualTo(10);
        assertThat(summary.errors()).hasSize(3);
        assertThat(summary.errors()).extracting(ImportError::row).containsExactly(3L, 3L, 4L);
        assertThat(summary.errorsTruncated()).isTrue();
        assertThat(imports.find(summary.batchId()).orElseThrow().errors()).hasSize(3);
    }

    @Test
    void doesNotTruncateWhenTheErrorsFitExactly() {
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("案件编号", "报案日期"),
                List.of("B1", "2021-02-30"), List.of("B2", "2021-02-30"), List.of("B3", "2021-02-30"), List.of("OK", "2021-03-05")));

        ImportSummary summary = imports.importFile(file, "cases.csv", "analyst");

        assertThat(summary.errors()).hasSize(3);
        assertThat(summary.errorsTruncated()).isFalse();
        assertThat(summary.rejected()).isEqualTo(3);
    }

    @Test
    void refusesAFileWithMoreRowsThanTheLimitInEveryFormatLeavingTheStoreAsItWas() {
        imports.importFile(csv("small.csv", 10), "small.csv", "analyst");
        List<Document> before = stored();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("案件编号", "报案日期"));
        for (int i = 0; i < 150; i++) {
            rows.add(List.of("R" + i, "2021-03-05"));
        }
        List<List<String>> csvRows = rows.stream().map(r -> r.stream().map(Object::toString).toList()).toList();
        Path[] files = {
            CaseFiles.xlsx().sheet("cases").rows(rows).write(dir.resolve("many.xlsx")),
            CaseFiles.xls().sheet("cases").rows(rows).write(dir.resolve("many.xls")),
            CaseFiles.utf8Csv(dir.resolve("many.csv"), csvRows)};
        for (Path file : files) {
            String name = file.getFileName().toString();
            assertThatThrownBy(() -> imports.importFile(file, name, "analyst"))
                    .as(name)
                    .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ImportRefusedException.Reason.TOO_LARGE);
                        assertThat(e.getMessage()).contains("more than 100 data rows", "qiandai.import.max-rows");
                    });
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aFileRefusedPartWayHasItsWritesUndoneNewCasesGoneChangedCasesAsTheyWere() {
        imports.importFile(csv("small.csv", 10), "small.csv", "analyst");
        List<Document> before = stored();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("案件编号", "报案日期", "所属辖区", "诈骗类型", "损失金额(元)"));
        rows.add(List.of("L00003", "2021-03-06", "青山区", "刷单返利", "8600")); // changes an existing case
        for (int i = 0; i < 150; i++) {
            rows.add(List.of("N" + i, "2021-03-05", "东河区", "刷单返利", "100")); // new cases, past the row limit
        }
        Path file = CaseFiles.utf8Csv(dir.resolve("changes.csv"), rows);

        assertThatThrownBy(() -> imports.importFile(file, "changes.csv", "analyst"))
                .isInstanceOfSatisfying(ImportRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImportRefusedException.Reason.TOO_LARGE));

        assertThat(stored()).isEqualTo(before);
        assertThat(mongo.getCollection(CaseStore.UNDO_COLLECTION).countDocuments()).isZero();
    }

    private Path csv(String name, int rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("案件编号", "报案日期", "所属辖区", "诈骗类型", "损失金额(元)"));
        for (int i = 0; i < rows; i++) {
            lines.add(List.of(String.format("L%05d", i), "2021-03-05", "昆都仑区", "虚假网络投资理财", "52000"));
        }
        return CaseFiles.utf8Csv(dir.resolve(name), lines);
    }

    private List<Document> stored() {
        return mongo.getCollection(CaseStore.COLLECTION).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }
}
