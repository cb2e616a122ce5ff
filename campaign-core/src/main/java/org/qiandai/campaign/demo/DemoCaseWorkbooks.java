package org.qiandai.campaign.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.qiandai.campaign.cases.CaseRecord;

/**
 * Writes case records to files laid out like the case system's exports: one header row in Chinese, one case per row.
 * Both writers stream, so a million rows need only a small heap; they feed import tests and the import benchmark.
 */
public final class DemoCaseWorkbooks {

    /** The export's column headers, in order. */
    public static final List<String> HEADERS = List.of("案件编号", "报案日期", "所属辖区", "受害人年龄", "性别", "职业", "学历",
            "诈骗类型", "接触渠道", "被骗时所在场所", "损失金额(元)", "备注");

    /** Rows kept in memory while writing .xlsx; older rows go to a (compressed) temporary file. */
    static final int WINDOW = 100;

    private static final int MAX_DATA_ROWS = SpreadsheetVersion.EXCEL2007.getLastRowIndex(); // the header takes row 0
    private static final int[] COLUMN_WIDTHS = {24, 12, 20, 10, 6, 16, 12, 22, 14, 16, 14, 70};
    private static final DateTimeFormatter CSV_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private DemoCaseWorkbooks() {
    }

    /**
     * Writes an .xlsx with report dates as date cells, ages and losses as numbers. Answers the number of cases written.
     *
     * @throws IllegalArgumentException when there are more cases than one sheet holds (1,048,575)
     */
    public static long writeXlsx(Path file, Iterator<CaseRecord> records) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        workbook.setCompressTempFiles(true);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            SXSSFSheet sheet = workbook.createSheet("案件信息");
            DataFormat formats = workbook.createDataFormat();
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(formats.getFormat("yyyy-mm-dd"));
            CellStyle moneyStyle = workbook.createCellStyle();
            moneyStyle.setDataFormat(formats.getFormat("#,##0.00"));
            CellStyle headerStyle = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            headerStyle.setFont(bold);

            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADERS.size(); c++) {
                header.createCell(c).setCellValue(HEADERS.get(c));
                header.getCell(c).setCellStyle(headerStyle);
                sheet.setColumnWidth(c, COLUMN_WIDTHS[c] * 256);
            }
            sheet.createFreezePane(0, 1);

            int rowIndex = 0;
            while (records.hasNext()) {
                if (rowIndex == MAX_DATA_ROWS) {
                    throw new IllegalArgumentException("more than " + MAX_DATA_ROWS + " cases do not fit one sheet");
                }
                CaseRecord record = records.next();
                Row row = sheet.createRow(++rowIndex);
                text(row, 0, record.caseNo());
                if (record.reportDate() != null) {
                    row.createCell(1).setCellValue(record.reportDate());
                    row.getCell(1).setCellStyle(dateStyle);
                }
                text(row, 2, record.district());
                if (record.victimAge() != null) {
                    row.createCell(3).setCellValue(record.victimAge());
                }
                text(row, 4, record.gender());
                text(row, 5, record.occupation());
                text(row, 6, record.education());
                text(row, 7, record.fraudType());
                text(row, 8, record.contactChannel());
                text(row, 9, record.venue());
                if (record.loss() != null) {
                    row.createCell(10).setCellValue(record.loss().doubleValue());
                    row.getCell(10).setCellStyle(moneyStyle);
                }
                text(row, 11, record.note());
            }
            workbook.write(out);
            return rowIndex;
        } finally {
            workbook.dispose(); // deletes the temporary files; close() alone leaves them
            workbook.close();
        }
    }

    /** As {@link #writeXlsx(Path, Iterator)}, closing the stream at the end. */
    public static long writeXlsx(Path file, Stream<CaseRecord> records) throws IOException {
        try (records) {
            return writeXlsx(file, records.iterator());
        }
    }

    /**
     * Writes a .csv as Excel writes it (CRLF, quotes only where needed), dates as {@code yyyy-MM-dd}. UTF-8 files start
     * with a byte-order mark so that Excel reads them as UTF-8; GB18030 files, as Chinese Windows saves them, do not.
     * Answers the number of cases written.
     */
    public static long writeCsv(Path file, Iterator<CaseRecord> records, Charset charset) throws IOException {
        CSVFormat format = CSVFormat.EXCEL.builder().setHeader(HEADERS.toArray(String[]::new)).get();
        long rows = 0;
        try (Writer writer = Files.newBufferedWriter(file, charset)) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                writer.write('\uFEFF');
            }
            CSVPrinter printer = new CSVPrinter(writer, format);
            while (records.hasNext()) {
                CaseRecord r = records.next();
                printer.printRecord(r.caseNo(),
                        r.reportDate() == null ? null : CSV_DATE.format(r.reportDate()),
                        r.district(),
                        r.victimAge(),
                        r.gender(), r.occupation(), r.education(), r.fraudType(), r.contactChannel(), r.venue(),
                        r.loss() == null ? null : r.loss().toPlainString(),
                        r.note());
                rows++;
            }
            printer.flush();
        }
        return rows;
    }

    /** As {@link #writeCsv(Path, Iterator, Charset)}, closing the stream at the end. */
    public static long writeCsv(Path file, Stream<CaseRecord> records, Charset charset) throws IOException {
        try (records) {
            return writeCsv(file, records.iterator(), charset);
        }
    }

    private static void text(Row row, int column, String value) {
        if (value != null) {
            row.createCell(column).setCellValue(value);
        }
    }
}
