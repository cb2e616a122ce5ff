package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.qiandai.campaign.cases.CaseFiles.date;
import static org.qiandai.campaign.cases.CaseFiles.formula;
import static org.qiandai.campaign.cases.CaseFiles.numeric;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qiandai.campaign.CoreTestApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The case import's rules, run against a store chosen by each subclass (the embedded server, a real MongoDB): files
 * are written as real exports write them and imported through the real {@link CaseImports}; the stored documents are
 * then read back raw.
 */
@SpringBootTest(classes = CoreTestApplication.class)
abstract class AbstractCaseImportsTests {

    static final LocalDate MARCH_5 = LocalDate.of(2021, 3, 5);

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

    // --- the summary ---

    @Test
    void summaryCountsNonEmptyRowsAndNamesRowsAsTheSheetShowsThem() {
        Path file = CaseFiles.xlsx()
                .row("包头市电信网络诈骗案件明细（2021年）")
                .row("案件编号", "报案日期", "所属辖区", "受害人年龄", "损失金额(元)")
                .row("A001", MARCH_5, "昆都仑区", 45, 52000)
                .blankRow()
                .row("A002", "2021-02-30", "青山区", 33, 8000)
                .skipRow()
                .row("A003", MARCH_5, "东河区", 61, 120000)
                .row(null, MARCH_5, "九原区", 20, 100)
                .write(dir.resolve("cases.xlsx"));

        ImportSummary summary = importFile(file);

        assertThat(summary.status()).isEqualTo(ImportStatus.DONE);
        assertThat(summary.format()).isEqualTo("xlsx");
        assertThat(summary.rows()).isEqualTo(4);
        assertThat(summary.imported()).isEqualTo(2);
        assertThat(summary.rejected()).isEqualTo(2);
        assertThat(summary.updated() + summary.unchanged()).isZero();
        assertAddsUp(summary);
        assertThat(summary.errors()).extracting(ImportError::row, ImportError::column)
                .containsExactly(tuple(5L, "报案日期"), tuple(8L, "案件编号"));
        assertThat(summary.errors().get(0).value()).isEqualTo("2021-02-30");
        assertThat(summary.errorsTruncated()).isFalse();
        assertThat(storedIds()).containsExactly("A001", "A003");
    }

    @Test
    void csvRowNumbersCountTheHeaderAsRowOne() {
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("案件编号", "报案日期", "损失金额"),
                List.of("C1", "2021-03-05", "100"),
                List.of("", "", ""),
                List.of("C2", "2021-13-01", "100"),
                List.of("C3", "2021-03-05", "很多")));

        ImportSummary summary = importFile(file);

        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.imported()).isEqualTo(1);
        assertThat(summary.rejected()).isEqualTo(2);
        assertAddsUp(summary);
        assertThat(summary.errors()).extracting(ImportError::row, ImportError::column)
                .containsExactly(tuple(4L, "报案日期"), tuple(5L, "损失金额"));
    }

    @Test
    void csvRowNumbersFollowTheLinesWhenATitleComesFirst() {
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("包头市电信网络诈骗案件明细"),
                List.of("导出时间：2021-04-01"),
                List.of("案件编号", "报案日期", "损失金额"),
                List.of("C1", "2021-03-05", "-1")));

        ImportSummary summary = importFile(file);

        assertThat(summary.rows()).isEqualTo(1);
        assertThat(summary.errors()).extracting(ImportError::row, ImportError::column).containsExactly(tuple(4L, "损失金额"));
    }

    @Test
    void findsTheCasesOnALaterSheetAndAcceptsAFileWithoutDataRows() {
        Path withNotes = CaseFiles.xlsx()
                .sheet("填表说明").row("请按模板填写，日期格式为 2021-03-05").row("金额单位：元")
                .sheet("案件信息").row("案件编号", "报案日期").row("W1", MARCH_5)
                .write(dir.resolve("with-notes.xlsx"));
        Path headerOnly = CaseFiles.xlsx().row("案件编号", "报案日期", "所属辖区").write(dir.resolve("header-only.xlsx"));

        ImportSummary notes = importFile(withNotes);
        ImportSummary empty = importFile(headerOnly);

        assertThat(notes.imported()).isEqualTo(1);
        assertThat(storedIds()).containsExactly("W1");
        assertThat(empty.status()).isEqualTo(ImportStatus.DONE);
        assertThat(empty.rows()).isZero();
        assertAddsUp(empty);
    }

    // --- columns ---

    @Test
    void findsColumnsByAnyOfTheirHeadersInAnyOrderAndStoresNothingElse() {
        Path file = CaseFiles.xlsx()
                .row("姓名", "损失金额（元）", " 年龄 ", "身份证号", "案件号", "文化程度", "联系方式", "立案日期", "场所", "联系电话",
                        "案件类别", "辖区", "职业", "性别")
                .row("张三", 52000, 67, "150203195801011234", "A001", "初中", "电话", MARCH_5, "保健品推介会", "13912345678",
                        "虚假养老投资", "昆都仑区", "离退休人员", "女")
                .write(dir.resolve("cases.xlsx"));

        ImportSummary summary = importFile(file);

        assertThat(summary.imported()).isEqualTo(1);
        assertThat(summary.ignoredColumns()).containsExactly("姓名", "身份证号", "联系电话");
        Document stored = stored("A001");
        assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "reportDate", "district", "victimAge", "gender",
                "occupation", "education", "fraudType", "contactChannel", "venue", "lossFen", "importBatchIds", "createdAt",
                "updatedAt");
        assertThat(stored).containsEntry("reportDate", day(MARCH_5)).containsEntry("district", "昆都仑区")
                .containsEntry("victimAge", 67).containsEntry("gender", "女").containsEntry("occupation", "离退休人员")
                .containsEntry("education", "初中").containsEntry("fraudType", "虚假养老投资").containsEntry("contactChannel", "电话")
                .containsEntry("venue", "保健品推介会").containsEntry("lossFen", 5_200_000L);
        assertThat(stored.toJson()).doesNotContain("张三", "150203195801011234", "13912345678");
        assertThat(allStoredJson()).doesNotContain("张三", "150203195801011234", "13912345678");
    }

    @Test
    void acceptsTheEnglishHeaders() {
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("loss", "venue", "contact_channel", "fraud_type", "education", "occupation", "gender", "age",
                        "district", "report_date", "case_no", "name"),
                List.of("8600.5", "家中", "QQ", "刷单返利", "大学本科", "学生", "男", "20", "稀土高新区", "2021-03-05", "E1", "李四")));

        ImportSummary summary = importFile(file);

        assertThat(summary.imported()).isEqualTo(1);
        assertThat(summary.ignoredColumns()).containsExactly("name");
        assertThat(stored("E1")).containsEntry("reportDate", day(MARCH_5)).containsEntry("district", "稀土高新区")
                .containsEntry("victimAge", 20).containsEntry("gender", "男").containsEntry("occupation", "学生")
                .containsEntry("education", "大学本科").containsEntry("fraudType", "刷单返利").containsEntry("contactChannel", "QQ")
                .containsEntry("venue", "家中").containsEntry("lossFen", 860_050L);
    }

    // --- values ---

    @Test
    void readsValuesAsExportsWriteThem() {
        Path file = CaseFiles.xlsx()
                .row("案件编号", "报案日期", "受害人年龄", "损失金额(元)")
                .row("V1", MARCH_5, 45, 52000)
                .row("V2", "2021-03-05", "45岁", "52000元")
                .row("V3", "2021/3/5", "45", "5.2万元")
                .row("V4", "2021年3月5日", 45, "5.2万")
                .row("V5", date(MARCH_5, "yyyy年m月d日"), "45", "52000")
                .write(dir.resolve("cases.xlsx"));

        ImportSummary summary = importFile(file);

        assertThat(summary.imported()).isEqualTo(5);
        assertThat(storedCases()).allSatisfy(d -> assertThat(d).containsEntry("reportDate", day(MARCH_5))
                .containsEntry("victimAge", 45).containsEntry("lossFen", 5_200_000L));
    }

    @Test
    void readsNumbersAndDatesFromTheCellNotFromItsDisplayFormat() {
        Path file = CaseFiles.xlsx()
                .row("案件编号", "报案日期", "受害人年龄", "损失金额(元)")
                .row("F1", date(MARCH_5, "yyyy年m月"), numeric(45, "0.00"), numeric(52000.5, "#,##0"))
                .row("F2", date(LocalDate.of(2021, 12, 31), "mmm-yy"), numeric(30, "0\"岁\""), numeric(0.75, "0%"))
                .write(dir.resolve("cases.xlsx"));

        importFile(file);

        assertThat(stored("F1")).containsEntry("reportDate", day(MARCH_5)).containsEntry("victimAge", 45)
                .containsEntry("lossFen", 5_200_050L);
        assertThat(stored("F2")).containsEntry("reportDate", day(LocalDate.of(2021, 12, 31))).containsEntry("victimAge", 30)
                .containsEntry("lossFen", 75L);
    }

    @Test
    void readsDatesOfA1904Workbook() {
        Path file = CaseFiles.xlsx().date1904()
                .row("案件编号", "报案日期")
                .row("M1", MARCH_5)
                .row("M2", date(LocalDate.of(2019, 12, 31), "yyyy/m/d"))
                .write(dir.resolve("mac.xlsx"));

        importFile(file);

        assertThat(stored("M1")).containsEntry("reportDate", day(MARCH_5));
        assertThat(stored("M2")).containsEntry("reportDate", day(LocalDate.of(2019, 12, 31)));
    }

    @Test
    void refusesBadRowsWithReasonsAndImportsTheRest() {
        LocalDate future = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2);
        Path file = CaseFiles.xlsx()
                .row("案件编号", "报案日期", "受害人年龄", "损失金额(元)")
                .row("R01", MARCH_5, 45, 100)
                .row("   ", MARCH_5, 45, 100)
                .row("R03", "2021-02-30", 45, 100)
                .row("R04", future, 45, 100)
                .row("R05", future.toString(), 45, 100)
                .row("R06", MARCH_5, "约四十", 100)
                .row("R07", MARCH_5, "45.5", 100)
                .row("R08", MARCH_5, 45.5, 100)
                .row("R09", MARCH_5, 121, 100)
                .row("R10", MARCH_5, "-1", 100)
                .row("R11", MARCH_5, -1, 100)
                .row("R12", MARCH_5, 45, -100)
                .row("R13", MARCH_5, 45, "-5万")
                .row("R14", MARCH_5, 45, "不详")
                .row("R01", MARCH_5, 46, 999)
                .row("R16", MARCH_5, 45, 100)
                .write(dir.resolve("cases.xlsx"));

        ImportSummary summary = importFile(file);

        assertThat(summary.rows()).isEqualTo(16);
        assertThat(summary.imported()).isEqualTo(2);
        assertThat(summary.rejected()).isEqualTo(14);
        assertAddsUp(summary);
        assertThat(summary.errors()).extracting(ImportError::row, ImportError::column).containsExactly(
                tuple(3L, "案件编号"), tuple(4L, "报案日期"), tuple(5L, "报案日期"), tuple(6L, "报案日期"),
                tuple(7L, "受害人年龄"), tuple(8L, "受害人年龄"), tuple(9L, "受害人年龄"), tuple(10L, "受害人年龄"),
                tuple(11L, "受害人年龄"), tuple(12L, "受害人年龄"), tuple(13L, "损失金额(元)"), tuple(14L, "损失金额(元)"),
                tuple(15L, "损失金额(元)"), tuple(16L, "案件编号"));
        assertThat(summary.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
        assertThat(summary.errors().get(0).message()).contains("missing");
        assertThat(summary.errors().get(3).message()).contains("future");
        assertThat(summary.errors().get(13).message()).contains("row 2");
        assertThat(storedIds()).containsExactly("R01", "R16");
        assertThat(stored("R01")).containsEntry("victimAge", 45).containsEntry("lossFen", 10_000L);
    }

    @Test
    void acceptsTheEdgesOfTheRanges() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("案件编号", "报案日期", "年龄", "损失金额"),
                List.of("E0", today.minusDays(1).toString(), "0", "0"),
                List.of("E1", "2021-03-05", "120", "0.01")));

        ImportSummary summary = importFile(file);

        assertThat(summary.imported()).isEqualTo(2);
        assertThat(stored("E0")).containsEntry("victimAge", 0).containsEntry("lossFen", 0L);
        assertThat(stored("E1")).containsEntry("victimAge", 120).containsEntry("lossFen", 1L);
    }

    @Test
    void quotesRefusedValuesShortAndWithoutPersonalIdentifiers() {
        String longNote = "受害人手机13912345678，" + "案情".repeat(2_500);
        Path file = CaseFiles.xlsx()
                .row("案件编号", "受害人年龄", "备注")
                .row("P1", "150203195801011234", "无")
                .row("P2", 45, longNote)
                .write(dir.resolve("cases.xlsx"));

        ImportSummary summary = importFile(file);

        assertThat(summary.rejected()).isEqualTo(2);
        assertThat(summary.errors()).extracting(ImportError::row, ImportError::column)
                .containsExactly(tuple(2L, "受害人年龄"), tuple(3L, "备注"));
        assertThat(summary.errors().get(0).value()).isEqualTo("******************");
        assertThat(summary.errors().get(1).value()).startsWith("受害人手机***********").hasSizeLessThanOrEqualTo(201);
        assertThat(allStoredJson()).doesNotContain("150203195801011234", "13912345678");
    }

    // --- repeating and updating ---

    @Test
    void importingTheSameFileAgainChangesNothing() {
        Path file = CaseFiles.xlsx()
                .row("案件编号", "报案日期", "所属辖区", "受害人年龄", "损失金额(元)")
                .row("S1", MARCH_5, "昆都仑区", 45, 52000.5)
                .row("S2", MARCH_5, null, null, null)
                .row("S3", "2021-02-30", "青山区", 30, 1)
                .write(dir.resolve("cases.xlsx"));
        ImportSummary first = importFile(file);
        List<Document> before = storedCases();

        ImportSummary second = importFile(file);

        assertThat(first.imported()).isEqualTo(2);
        assertThat(second.rows()).isEqualTo(3);
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(second.rejected()).isEqualTo(1);
        assertThat(second.imported() + second.updated()).isZero();
        assertAddsUp(second);
        assertThat(storedCases()).isEqualTo(before);
        assertThat(stored("S1").getList("importBatchIds", String.class)).containsExactly(first.batchId());
    }

    @Test
    void aLaterFileUpdatesCasesAndTheyRememberTheirBatches() throws InterruptedException {
        ImportSummary first = importFile(CaseFiles.xlsx()
                .row("案件编号", "报案日期", "所属辖区", "诈骗类型", "损失金额(元)")
                .row("U1", MARCH_5, "昆都仑区", "刷单返利", 52000)
                .row("U2", MARCH_5, "青山区", "虚假征信", 8000)
                .write(dir.resolve("first.xlsx")));
        Document u1Before = stored("U1");
        Document u2Before = stored("U2");
        Thread.sleep(5); // a later clock reading

        ImportSummary second = importFile(CaseFiles.utf8Csv(dir.resolve("second.csv"), List.of(
                List.of("案件编号", "报案日期", "所属辖区", "诈骗类型", "损失金额(元)"),
                List.of("U1", "2021-03-05", "", "刷单返利", "60000"),
                List.of("U2", "2021/3/5", "青山区", "虚假征信", "8000元"),
                List.of("U3", "2021年3月6日", "东河区", "网络婚恋交友", "1.5万"))));

        assertThat(second.rows()).isEqualTo(3);
        assertThat(second.imported()).isEqualTo(1);
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        assertAddsUp(second);
        Document u1 = stored("U1");
        assertThat(u1).containsEntry("lossFen", 6_000_000L).doesNotContainKey("district")
                .containsEntry("createdAt", u1Before.get("createdAt"));
        assertThat(u1.getList("importBatchIds", String.class)).containsExactly(first.batchId(), second.batchId());
        assertThat(u1.getDate("updatedAt")).isAfter(u1Before.getDate("updatedAt"));
        assertThat(stored("U2")).isEqualTo(u2Before);
        assertThat(stored("U3").getList("importBatchIds", String.class)).containsExactly(second.batchId());
    }

    // --- CSV encodings ---

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-8 with BOM", "GB18030"})
    void readsCsvInEveryEncodingExcelSaves(String encoding) {
        Charset charset = encoding.startsWith("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        Path file = CaseFiles.csv(dir.resolve("cases.csv"), charset, encoding.endsWith("BOM"), List.of(
                List.of("案件编号", "报案日期", "所属辖区", "受害人年龄", "性别", "职业", "诈骗类型", "被骗时所在场所", "损失金额(元)"),
                List.of("包公刑立字2021-001", "2021年3月5日", "昆都仑区", "67岁", "女", "离退休人员", "虚假养老投资", "保健品推介会", "8万"),
                List.of("包公刑立字2021-002", "2021/3/5", "稀土高新区", "20", "男", "学生", "刷单返利", "学校宿舍", "3200元")));

        ImportSummary summary = importFile(file);

        assertThat(summary.imported()).isEqualTo(2);
        assertThat(summary.ignoredColumns()).isEmpty();
        assertThat(stored("包公刑立字2021-001")).containsEntry("district", "昆都仑区").containsEntry("gender", "女")
                .containsEntry("occupation", "离退休人员").containsEntry("fraudType", "虚假养老投资").containsEntry("venue", "保健品推介会")
                .containsEntry("victimAge", 67).containsEntry("lossFen", 8_000_000L).containsEntry("reportDate", day(MARCH_5));
        assertThat(stored("包公刑立字2021-002")).containsEntry("district", "稀土高新区").containsEntry("venue", "学校宿舍");
    }

    // --- formulas ---

    @Test
    void textThatLooksLikeAFormulaIsStoredAsText() {
        List<String> hostile = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)");
        Path csv = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("案件编号", "所属辖区", "职业", "被骗时所在场所", "诈骗类型"),
                List.of("T1", hostile.get(0), hostile.get(1), hostile.get(2), hostile.get(3))));
        Path xlsx = CaseFiles.xlsx()
                .row("案件编号", "所属辖区", "职业", "被骗时所在场所", "诈骗类型")
                .row("T2", hostile.get(0), hostile.get(1), hostile.get(2), hostile.get(3))
                .write(dir.resolve("cases.xlsx"));

        importFile(csv);
        importFile(xlsx);

        for (String id : List.of("T1", "T2")) {
            assertThat(stored(id)).containsEntry("district", hostile.get(0)).containsEntry("occupation", hostile.get(1))
                    .containsEntry("venue", hostile.get(2)).containsEntry("fraudType", hostile.get(3));
        }
    }

    @Test
    void aFormulaCellGivesItsCachedValue() {
        Path file = CaseFiles.xlsx()
                .row("案件编号", "报案日期", "所属辖区", "受害人年龄", "损失金额(元)")
                .row(formula("\"F\"&\"-1\""), formula("DATE(2021,3,5)"), formula("\"昆都\"&\"仑区\""), formula("40+5"),
                        formula("50000+2000"))
                .write(dir.resolve("cases.xlsx"));

        importFile(file);

        assertThat(stored("F-1")).containsEntry("district", "昆都仑区").containsEntry("victimAge", 45)
                .containsEntry("lossFen", 5_200_000L).containsEntry("reportDate", day(MARCH_5));
    }

    // --- .xls ---

    @Test
    void readsOldExcelWorkbooksWithDateAndNumericCells() {
        Path file = CaseFiles.xls()
                .row("案件明细")
                .row("案件编号", "报案日期", "所属辖区", "受害人年龄", "损失金额（元）", "姓名")
                .row("X1", MARCH_5, "昆都仑区", 45, numeric(52000.5, "#,##0"), "王五")
                .row("X2", date(LocalDate.of(2020, 2, 29), "yyyy年m月"), "九原区", numeric(33, "0.0"), "5.2万元", "赵六")
                .row(12345, "2021-02-30", "东河区", 20, 1, "钱七")
                .write(dir.resolve("cases.xls"));

        ImportSummary summary = importFile(file);

        assertThat(summary.format()).isEqualTo("xls");
        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.imported()).isEqualTo(2);
        assertThat(summary.ignoredColumns()).containsExactly("姓名");
        assertThat(summary.errors()).extracting(ImportError::row, ImportError::column).containsExactly(tuple(5L, "报案日期"));
        assertThat(stored("X1")).containsEntry("reportDate", day(MARCH_5)).containsEntry("victimAge", 45)
                .containsEntry("lossFen", 5_200_050L);
        assertThat(stored("X2")).containsEntry("reportDate", day(LocalDate.of(2020, 2, 29))).containsEntry("victimAge", 33)
                .containsEntry("lossFen", 5_200_000L);
    }

    // --- files refused as a whole ---

    @Test
    void refusesAZipBombAndStoresNoneOfItsRows() {
        Path bomb = CaseFiles.zipBomb(dir.resolve("bomb.xlsx"), 50, 120);
        assertThat(sizeOf(bomb)).isLessThan(1 << 20);

        assertRefusedLeavingTheStoreAsItWas(bomb, "bomb.xlsx", ImportRefusedException.Reason.UNREADABLE, "zip bomb");
        assertThat(mongo.getCollection(CaseStore.COLLECTION).countDocuments(new Document("_id", new Document("$regex", "^BOMB"))))
                .isZero();
    }

    @Test
    void refusesAPasswordProtectedWorkbook() {
        Path file = CaseFiles.xlsx().row("案件编号", "报案日期").row("P1", MARCH_5).writeEncrypted(dir.resolve("secret.xlsx"), "pw");

        assertRefusedLeavingTheStoreAsItWas(file, "secret.xlsx", ImportRefusedException.Reason.UNREADABLE, "password");
    }

    @Test
    void refusesAnImageNamedXlsx() throws IOException {
        Path file = Files.write(dir.resolve("photo.xlsx"), png());

        assertRefusedLeavingTheStoreAsItWas(file, "photo.xlsx", ImportRefusedException.Reason.UNSUPPORTED_TYPE, "image");
    }

    @Test
    void refusesATextFileNamedXlsx() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.xlsx"), "案件编号,报案日期\r\nN1,2021-03-05\r\n");

        assertRefusedLeavingTheStoreAsItWas(file, "notes.xlsx", ImportRefusedException.Reason.UNSUPPORTED_TYPE, "named .xlsx");
    }

    @Test
    void refusesAnXlsxNamedXls() {
        Path file = CaseFiles.xlsx().row("案件编号", "报案日期").row("N1", MARCH_5).write(dir.resolve("renamed.xls"));

        assertRefusedLeavingTheStoreAsItWas(file, "renamed.xls", ImportRefusedException.Reason.UNSUPPORTED_TYPE, ".xlsx");
    }

    @Test
    void refusesAZipNamedCsv() throws IOException {
        Path file = dir.resolve("cases.csv");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("cases.csv"));
            zip.write("案件编号,报案日期\r\nZ1,2021-03-05\r\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        assertRefusedLeavingTheStoreAsItWas(file, "cases.csv", ImportRefusedException.Reason.UNSUPPORTED_TYPE, "named .csv");
    }

    @Test
    void refusesASheetWithoutARecognisableHeader() {
        Path file = CaseFiles.xlsx()
                .row("编号", "日期", "金额")
                .row("H1", MARCH_5, 100)
                .write(dir.resolve("cases.xlsx"));

        assertRefusedLeavingTheStoreAsItWas(file, "cases.xlsx", ImportRefusedException.Reason.UNREADABLE, "header");
    }

    @Test
    void refusesAHeaderWithoutTheCaseNumber() {
        Path file = CaseFiles.utf8Csv(dir.resolve("cases.csv"), List.of(
                List.of("报案日期", "所属辖区", "损失金额"),
                List.of("2021-03-05", "昆都仑区", "100")));

        assertRefusedLeavingTheStoreAsItWas(file, "cases.csv", ImportRefusedException.Reason.UNREADABLE, "case number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.xlsx", "empty.xls", "empty.csv"})
    void refusesAnEmptyFile(String name) throws IOException {
        Path file = Files.createFile(dir.resolve(name));

        assertRefusedLeavingTheStoreAsItWas(file, name, ImportRefusedException.Reason.UNREADABLE, "empty");
    }

    @Test
    void refusesAFileOfAnotherKind() throws IOException {
        Path file = Files.writeString(dir.resolve("cases.txt"), "案件编号\r\n");

        assertRefusedLeavingTheStoreAsItWas(file, "cases.txt", ImportRefusedException.Reason.UNSUPPORTED_TYPE, ".xlsx, .xls or .csv");
    }

    // --- in the background ---

    @Test
    void startImportAnswersRunningAtOnceThenFinishesAndDeletesTheUpload() throws InterruptedException {
        Path file = CaseFiles.xlsx()
                .row("案件编号", "报案日期", "损失金额(元)")
                .row("B1", MARCH_5, 100)
                .row("B2", MARCH_5, -1)
                .write(dir.resolve("upload.xlsx"));

        ImportSummary started = imports.startImport(file, "案件.xlsx", "analyst");

        assertThat(started.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(started.fileName()).isEqualTo("案件.xlsx");
        assertThat(started.startedBy()).isEqualTo("analyst");
        ImportSummary done = awaitFinished(started.batchId());
        assertThat(done.status()).isEqualTo(ImportStatus.DONE);
        assertThat(done.rows()).isEqualTo(2);
        assertThat(done.imported()).isEqualTo(1);
        assertThat(done.rejected()).isEqualTo(1);
        assertThat(done.progress().percent()).isEqualTo(100);
        assertDeletedSoon(file);
        assertThat(imports.list()).extracting(ImportSummary::batchId).contains(started.batchId());
    }

    @Test
    void startImportRefusesABadFileAtOnceAndDeletesIt() throws IOException {
        Path file = Files.write(dir.resolve("upload.xlsx"), png());

        assertThatThrownBy(() -> imports.startImport(file, "photo.xlsx", "analyst"))
                .isInstanceOf(ImportRefusedException.class)
                .satisfies(e -> assertThat(((ImportRefusedException) e).summary().status()).isEqualTo(ImportStatus.FAILED));
        assertThat(file).doesNotExist();
    }

    // --- helpers ---

    ImportSummary importFile(Path file) {
        return imports.importFile(file, file.getFileName().toString(), "analyst");
    }

    ImportSummary awaitFinished(String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ImportSummary summary = imports.find(batchId).orElseThrow();
        while (summary.status() == ImportStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
            summary = imports.find(batchId).orElseThrow();
        }
        return summary;
    }

    /** The background deletes an upload right after recording the import as done. */
    static void assertDeletedSoon(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(file).doesNotExist();
    }

    /** Seeds the store, imports {@code file} expecting a refusal, and checks that the cases are exactly as before. */
    void assertRefusedLeavingTheStoreAsItWas(Path file, String fileName, ImportRefusedException.Reason reason, String messagePart) {
        importFile(CaseFiles.xlsx()
                .row("案件编号", "报案日期", "所属辖区", "损失金额(元)")
                .row("KEEP-1", MARCH_5, "昆都仑区", 52000)
                .row("KEEP-2", MARCH_5, "青山区", 8000)
                .write(dir.resolve("seed-" + System.nanoTime() + ".xlsx")));
        List<Document> before = storedCases();

        assertThatThrownBy(() -> imports.importFile(file, fileName, "analyst"))
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).containsIgnoringCase(messagePart);
                    assertThat(e.summary().status()).isEqualTo(ImportStatus.FAILED);
                    assertThat(e.summary().failure()).isEqualTo(e.getMessage());
                    assertThat(imports.find(e.summary().batchId()).orElseThrow().status()).isEqualTo(ImportStatus.FAILED);
                });
        assertThat(storedCases()).isEqualTo(before);
    }

    static void assertAddsUp(ImportSummary s) {
        assertThat(s.imported() + s.updated() + s.unchanged() + s.rejected()).as("imported + updated + unchanged + rejected")
                .isEqualTo(s.rows());
    }

    Document stored(String caseNo) {
        Document d = mongo.getCollection(CaseStore.COLLECTION).find(new Document("_id", caseNo)).first();
        assertThat(d).as("stored case %s", caseNo).isNotNull();
        return d;
    }

    List<Document> storedCases() {
        return mongo.getCollection(CaseStore.COLLECTION).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    List<String> storedIds() {
        return storedCases().stream().map(d -> d.getString("_id")).toList();
    }

    String allStoredJson() {
        StringBuilder json = new StringBuilder();
        for (String collection : Set.of(CaseStore.COLLECTION, ImportBatches.COLLECTION)) {
            mongo.getCollection(collection).find().forEach(d -> json.append(d.toJson()));
        }
        return json.toString();
    }

    static Date day(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A real 1×1 PNG. */
    static byte[] png() {
        return java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    }
}
