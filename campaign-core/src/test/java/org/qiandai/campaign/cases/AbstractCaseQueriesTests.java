package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@link CaseQueries} over cases stored by two imports, against a store chosen by each subclass. The cases: 30 in the
 * first batch (three districts by turns, two fraud types alternating, one report a day from 1 March 2021), 5 more in
 * the second batch.
 */
@SpringBootTest(classes = CoreTestApplication.class)
abstract class AbstractCaseQueriesTests {

    static final LocalDate MARCH_1 = LocalDate.of(2021, 3, 1);
    static final List<String> DISTRICTS = List.of("昆都仑区", "青山区", "东河区");
    static final List<String> FRAUD_TYPES = List.of("刷单返利", "虚假网络投资理财");

    @Autowired
    CaseImports imports;

    @Autowired
    CaseQueries queries;

    @Autowired
    MongoTemplate mongo;

    String firstBatch;
    String secondBatch;

    @BeforeEach
    void storeCases() {
        mongo.getCollection(CaseStore.COLLECTION).deleteMany(new Document());
        mongo.getCollection(ImportBatches.COLLECTION).deleteMany(new Document());
        List<CaseRecord> first = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            first.add(record(String.format("Q%03d", i), MARCH_1.plusDays(i), DISTRICTS.get(i % 3), FRAUD_TYPES.get(i % 2),
                    i < 10 ? "学生" : "企业职工"));
        }
        List<CaseRecord> second = new ArrayList<>();
        for (int i = 30; i < 35; i++) {
            second.add(record(String.format("Q%03d", i), null, "九原区", "虚假征信", "无业"));
        }
        firstBatch = imports.importRecords("first", first.iterator(), "analyst").batchId();
        secondBatch = imports.importRecords("second", second.iterator(), "analyst").batchId();
    }

    @Test
    void listsEverythingWithoutAFilterNewestReportFirst() {
        Page<StoredCase> page = queries.find(CaseFilter.none(), PageRequest.of(0, 100));

        assertThat(page.getTotalElements()).isEqualTo(35);
        assertThat(page.getContent()).hasSize(35);
        assertThat(page.getContent().get(0).caseNo()).isEqualTo("Q029");
        assertThat(page.getContent().subList(0, 30)).extracting(StoredCase::reportDate)
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(queries.count()).isEqualTo(35);
    }

    @Test
    void filtersByDistrictFraudTypeAndOccupation() {
        assertThat(find(new CaseFilter("昆都仑区", null, null, null, null, null)))
                .hasSize(10).allSatisfy(c -> assertThat(c.district()).isEqualTo("昆都仑区"));
        assertThat(find(new CaseFilter(null, "刷单返利", null, null, null, null)))
                .hasSize(15).allSatisfy(c -> assertThat(c.fraudType()).isEqualTo("刷单返利"));
        assertThat(find(new CaseFilter(null, null, "学生", null, null, null)))
                .hasSize(10).allSatisfy(c -> assertThat(c.occupation()).isEqualTo("学生"));
        assertThat(find(new CaseFilter("昆都仑区", "刷单返利", "学生", null, null, null)))
                .extracting(StoredCase::caseNo).containsExactly("Q006", "Q000");
        assertThat(find(new CaseFilter(" 青山区 ", "", null, null, null, null))).hasSize(10);
        assertThat(find(new CaseFilter("不存在区", null, null, null, null, null))).isEmpty();
    }

    @Test
    void filtersByReportDatesBothInclusive() {
        assertThat(find(new CaseFilter(null, null, null, LocalDate.of(2021, 3, 10), LocalDate.of(2021, 3, 12), null)))
                .extracting(StoredCase::caseNo).containsExactly("Q011", "Q010", "Q009");
        assertThat(find(new CaseFilter(null, null, null, LocalDate.of(2021, 3, 30), null, null)))
                .extracting(StoredCase::caseNo).containsExactly("Q029");
        assertThat(find(new CaseFilter(null, null, null, null, MARCH_1, null)))
                .extracting(StoredCase::caseNo).containsExactly("Q000");
        assertThat(find(new CaseFilter(null, null, null, MARCH_1, MARCH_1, null)))
                .extracting(StoredCase::caseNo).containsExactly("Q000");
    }

    @Test
    void filtersByImportBatch() {
        assertThat(find(new CaseFilter(null, null, null, null, null, secondBatch)))
                .extracting(StoredCase::caseNo).containsExactlyInAnyOrder("Q030", "Q031", "Q032", "Q033", "Q034");
        assertThat(find(new CaseFilter(null, null, null, null, null, firstBatch))).hasSize(30);
    }

    @Test
    void pagesWithTheRightTotals() {
        CaseFilter students = new CaseFilter(null, null, "企业职工", null, null, null);
        List<String> seen = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Page<StoredCase> page = queries.find(students, PageRequest.of(p, 8));
            assertThat(page.getTotalElements()).isEqualTo(20);
            assertThat(page.getTotalPages()).isEqualTo(3);
            assertThat(page.getContent()).hasSize(p < 2 ? 8 : 4);
            page.forEach(c -> seen.add(c.caseNo()));
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(20);

        Page<StoredCase> beyond = queries.find(students, PageRequest.of(5, 8));
        assertThat(beyond.getContent()).isEmpty();
        assertThat(beyond.getTotalElements()).isEqualTo(20);
    }

    @Test
    void getsOneCaseWithItsBatchesAndOffersTheFilterValues() {
        StoredCase stored = queries.get("Q004").orElseThrow();

        assertThat(stored.reportDate()).isEqualTo(LocalDate.of(2021, 3, 5));
        assertThat(stored.district()).isEqualTo("青山区");
        assertThat(stored.victimAge()).isEqualTo(40);
        assertThat(stored.loss()).isEqualTo(new BigDecimal("52000.5"));
        assertThat(stored.importBatchIds()).containsExactly(firstBatch);
        assertThat(stored.createdAt()).isNotNull().isEqualTo(stored.updatedAt());
        assertThat(queries.get("nope")).isEmpty();

        CaseFilterOptions options = queries.filterOptions();
        assertThat(options.districts()).containsExactlyInAnyOrder("昆都仑区", "青山区", "东河区", "九原区");
        assertThat(options.fraudTypes()).containsExactlyInAnyOrder("刷单返利", "虚假网络投资理财", "虚假征信");
        assertThat(options.occupations()).containsExactlyInAnyOrder("学生", "企业职工", "无业");
    }

    private List<StoredCase> find(CaseFilter filter) {
        return queries.find(filter, PageRequest.of(0, 100)).getContent();
    }

    private static CaseRecord record(String caseNo, LocalDate reportDate, String district, String fraudType, String occupation) {
        return new CaseRecord(caseNo, reportDate, district, 40, "女", occupation, "高中", fraudType, "电话", "家中",
                new BigDecimal("52000.5"), null);
    }
}
