package org.qiandai.campaign.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.cases.CaseRecord;

class DemoCaseWorkbooksTests {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final DemoCaseGenerator GENERATOR = new DemoCaseGenerator(11, LocalDate.of(2025, 6, 30));

    @TempDir
    Path dir;

    @Test
    void xlsxReadsBackWithTypedCells() throws IOException {
        List<CaseRecord> records = GENERATOR.generate(500);
        Path file = dir.resolve("cases.xlsx");

        assertThat(DemoCaseWorkbooks.writeXlsx(file, records.iterator())).isEqualTo(500);

        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(500);
            List<String> headers = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> headers.add(cell.getStringCellValue()));
            assertThat(headers).containsExactly("案件编号", "报案日期", "所属辖区", "受害人年龄", "性别", "职业", "学历",
                    "诈骗类型", "接触渠道", "被骗时所在场所", "损失金额(元)", "备注");

            for (int i = 0; i < records.size(); i++) {
                CaseRecord expected = records.get(i);
                Row row = sheet.getRow(i + 1);
                assertThat(row.getCell(0).getStringCellValue()).isEqualTo(expected.caseNo());

                Cell date = row.getCell(1);
                assertThat(date.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(DateUtil.isCellDateFormatted(date)).isTrue();
                assertThat(date.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(expected.reportDate());

                Cell age = row.getCell(3);
                assertThat(age.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(age.getNumericCellValue()).isEqualTo(expected.victimAge().doubleValue());

                Cell loss = row.getCell(10);
                assertThat(loss.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(BigDecimal.valueOf(loss.getNumericCellValue())).isEqualByComparingTo(expected.loss());

                assertThat(row.getCell(2).getStringCellValue()).isEqualTo(expected.district());
                assertThat(row.getCell(7).getStringCellValue()).isEqualTo(expected.fraudType());
                assertThat(row.getCell(9).getStringCellValue()).isEqualTo(expected.venue());
                assertThat(row.getCell(11).getStringCellValue()).isEqualTo(expected.note());
            }
        }
    }

    @Test
    void xlsxStreamsManyRowsAndLeavesEmptyFieldsEmpty() throws IOException {
        Path file = dir.resolve("many.xlsx");
        CaseRecord sparse = new CaseRecord("A1502032024050000001", null, null, null, null, null, null, null, null, null, null, null);

        long written = DemoCaseWorkbooks.writeXlsx(file,
                Stream.concat(Stream.of(sparse), GENERATOR.stream(20_000)));

        assertThat(written).isEqualTo(20_001);
        assertThat(Files.size(file)).isGreaterThan(100_000);
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Row row = workbook.getSheetAt(0).getRow(1);
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo(sparse.caseNo());
            assertThat(row.getCell(1)).isNull();
            assertThat(row.getCell(10)).isNull();
            assertThat(workbook.getSheetAt(0).getLastRowNum()).isEqualTo(20_001);
        }
    }

    @Test
    void gb18030CsvRoundTripsChinese() throws IOException {
        List<CaseRecord> records = GENERATOR.generate(300);
        Path file = dir.resolve("cases-gbk.csv");

        assertThat(DemoCaseWorkbooks.writeCsv(file, records.iterator(), GB18030)).isEqualTo(300);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, "案件编号".getBytes(GB18030).length, GB18030)).isEqualTo("案件编号");
        assertThat(readCsv(file, GB18030)).isEqualTo(records);
    }

    @Test
    void utf8CsvStartsWithByteOrderMarkAndQuotesLikeExcel() throws IOException {
        CaseRecord awkward = new CaseRecord("A1502042024010000007", LocalDate.of(2024, 1, 2), "青山区", 30, "女", "企业职工", "本科",
                "刷单返利", "QQ", "家中", new BigDecimal("1234.50"), "对方称\"做任务\", 返利翻倍\n后失联");
        Path file = dir.resolve("cases.csv");

        DemoCaseWorkbooks.writeCsv(file, List.of(awkward).iterator(), StandardCharsets.UTF_8);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\n").contains("\"对方称\"\"做任务\"\", 返利翻倍\n后失联\"");
        assertThat(readCsv(file, StandardCharsets.UTF_8)).containsExactly(awkward);
    }

    private static List<CaseRecord> readCsv(Path file, Charset charset) throws IOException {
        CSVFormat format = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get();
        List<CaseRecord> read = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, charset)) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                assertThat(reader.read()).isEqualTo('\uFEFF');
            }
            try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
                assertThat(parser.getHeaderNames()).isEqualTo(DemoCaseWorkbooks.HEADERS);
                for (CSVRecord row : parser) {
                    read.add(new CaseRecord(row.get("案件编号"), LocalDate.parse(row.get("报案日期")), row.get("所属辖区"),
                            Integer.valueOf(row.get("受害人年龄")), row.get("性别"), row.get("职业"), row.get("学历"),
                            row.get("诈骗类型"), row.get("接触渠道"), row.get("被骗时所在场所"),
                            new BigDecimal(row.get("损失金额(元)")), row.get("备注")));
                }
            }
        }
        return read;
    }
}
