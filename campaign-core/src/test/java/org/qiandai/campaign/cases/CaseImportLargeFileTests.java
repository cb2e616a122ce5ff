package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.demo.DemoCaseWorkbooks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * A large generated {@code .xlsx} imports completely through the streaming reader. The row count is bounded by the
 * embedded store's write rate (a few thousand documents a second); the million-row, small-heap check is a benchmark.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseImportLargeFileTests {

    /** About 40 s on the embedded store; {@code -Dqiandai.test.large-rows=50000} for a quicker run. */
    static final int ROWS = Integer.getInteger("qiandai.test.large-rows", 200_000);

    @Autowired
    CaseImports imports;

    @Autowired
    MongoTemplate mongo;

    @TempDir
    Path dir;

    @Test
    void importsEveryRowOfALargeGeneratedWorkbook() throws IOException {
        mongo.getCollection(CaseStore.COLLECTION).deleteMany(new Document());
        DemoCaseGenerator generator = new DemoCaseGenerator(7, LocalDate.of(2025, 6, 30));
        Path file = dir.resolve("large.xlsx");
        DemoCaseWorkbooks.writeXlsx(file, generator.iterator(ROWS));

        ImportSummary summary = imports.importFile(file, "large.xlsx", "analyst");

        assertThat(summary.status()).isEqualTo(ImportStatus.DONE);
        assertThat(summary.rows()).isEqualTo(ROWS);
        assertThat(summary.imported()).isEqualTo(ROWS);
        assertThat(summary.rejected()).isZero();
        assertThat(mongo.getCollection(CaseStore.COLLECTION).countDocuments()).isEqualTo(ROWS);
        List<CaseRecord> lastRows = generator.stream(ROWS).skip(ROWS - 3).toList();
        for (CaseRecord expected : lastRows) {
            Document stored = mongo.getCollection(CaseStore.COLLECTION).find(new Document("_id", expected.caseNo())).first();
            assertThat(stored).isNotNull();
            assertThat(CaseStore.toStoredCase(stored)).usingRecursiveComparison()
                    .comparingOnlyFields("caseNo", "reportDate", "district", "victimAge", "fraudType", "loss", "note")
                    .isEqualTo(expected);
        }
    }
}
