package org.qiandai.campaign.cases;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Case files written as real exports write them: workbooks built with POI from rows of mixed cells, CSV as bytes in a
 * chosen charset, and hostile files (encrypted, zip bombs). In a row, a {@code String} becomes a text cell, a
 * {@code Number} a numeric cell, a {@code LocalDate} a date cell (a day serial formatted {@code yyyy-mm-dd}),
 * {@link #numeric}/{@link #date} a numeric cell with the given display format, {@link #formula} a formula cell whose
 * cached result is computed as Excel does on save, and {@code null} no cell at all.
 */
public final class CaseFiles {

    /** The headers of a full case file, in the order of {@link CaseColumn}. */
    public static final List<String> HEADERS = List.of("案件编号", "报案日期", "所属辖区", "受害人年龄", "性别", "职业", "学历",
            "诈骗类型", "接触渠道", "被骗时所在场所", "损失金额(元)");

    private CaseFiles() {
    }

    /** A numeric cell shown through {@code format}. */
    public record Numeric(double value, String format) {
    }

    /** A date cell shown through {@code format}. */
    public record FormattedDate(LocalDate day, String format) {
    }

    /** A formula cell, e.g. {@code 50000+2000}. */
    public record Formula(String formula) {
    }

    public static Numeric numeric(double value, String format) {
        return new Numeric(value, format);
    }

    public static FormattedDate date(LocalDate day, String format) {
        return new FormattedDate(day, format);
    }

    public static Formula formula(String formula) {
        return new Formula(formula);
    }

    public static Sheets xlsx() {
        return new Sheets(new XSSFWorkbook());
    }

    public static Sheets xls() {
        return new Sheets(new HSSFWorkbook());
    }

    /** A workbook being written, one sheet after another, one row after another. */
    public static final class Sheets {
        private final Workbook workbook;
        private final Map<String, CellStyle> styles = new HashMap<>();
        private Sheet sheet;
        private int nextRow;

        private Sheets(Workbook workbook) {
            this.workbook = workbook;
        }

        /** Counts dates from 1904, as old Mac Excel did ({@code .xlsx} only). */
        public Sheets date1904() {
            var ct = ((XSSFWorkbook) workbook).getCTWorkbook();
            (ct.isSetWorkbookPr() ? ct.getWorkbookPr() : ct.addNewWorkbookPr()).setDate1904(true);
            if (!((XSSFWorkbook) workbook).isDate1904()) {
                throw new IllegalStateException("the workbook did not switch to the 1904 date system");
            }
            return this;
        }

        public Sheets sheet(String name) {
            sheet = workbook.createSheet(name);
            nextRow = 0;
            return this;
        }

        /** The next row; see the class comment for what each value becomes. */
        public Sheets row(Object... values) {
            Row row = currentSheet().createRow(nextRow++);
            for (int c = 0; c < values.length; c++) {
                set(row, c, values[c]);
            }
            return this;
        }

        public Sheets rows(List<List<Object>> rows) {
            rows.forEach(r -> row(r.toArray()));
            return this;
        }

        /** A row with cells that hold nothing but a style, as Excel leaves after deleting a row's contents. */
        public Sheets blankRow() {
            Row row = currentSheet().createRow(nextRow++);
            row.createCell(0).setCellStyle(style("@"));
            row.createCell(1).setCellStyle(style("yyyy-mm-dd"));
            return this;
        }

        /** Skips a row number, leaving no row at all. */
        public Sheets skipRow() {
            nextRow++;
            return this;
        }

        public Path write(Path file) {
            try (workbook; OutputStream out = Files.newOutputStream(file)) {
                workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
                workbook.write(out);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the workbook encrypted with {@code password} (agile encryption, as Excel's "Encrypt with Password"). */
        public Path writeEncrypted(Path file, String password) {
            try (workbook; POIFSFileSystem fs = new POIFSFileSystem()) {
                EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
                Encryptor encryptor = info.getEncryptor();
                encryptor.confirmPassword(password);
                try (OutputStream os = encryptor.getDataStream(fs)) {
                    workbook.write(os);
                }
                try (OutputStream out = Files.newOutputStream(file)) {
                    fs.writeFilesystem(out);
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private Sheet currentSheet() {
            if (sheet == null) {
                sheet("案件信息");
            }
            return sheet;
        }

        private void set(Row row, int column, Object value) {
            if (value == null) {
                return;
            }
            Cell cell = row.createCell(column);
            if (value instanceof String text) {
                cell.setCellValue(text);
            } else if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else if (value instanceof Boolean flag) {
                cell.setCellValue(flag);
            } else if (value instanceof LocalDate day) {
                cell.setCellValue(day);
                cell.setCellStyle(style("yyyy-mm-dd"));
            } else if (value instanceof FormattedDate date) {
                cell.setCellValue(date.day());
                cell.setCellStyle(style(date.format()));
            } else if (value instanceof Numeric numeric) {
                cell.setCellValue(numeric.value());
                cell.setCellStyle(style(numeric.format()));
            } else if (value instanceof Formula formula) {
                cell.setCellFormula(formula.formula());
            } else {
                throw new IllegalArgumentException("no cell for " + value.getClass());
            }
        }

        private CellStyle style(String format) {
            return styles.computeIfAbsent(format, f -> {
                CellStyle style = workbook.createCellStyle();
                style.setDataFormat(workbook.createDataFormat().getFormat(f));
                return style;
            });
        }
    }

    /** CSV as Excel writes it (CRLF, fields quoted where needed), in {@code charset}, with a UTF-8 byte-order mark if asked. */
    public static byte[] csv(Charset charset, boolean byteOrderMark, List<List<String>> rows) {
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    text.append(',');
                }
                text.append(quote(row.get(c)));
            }
            text.append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (byteOrderMark) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        out.writeBytes(text.toString().getBytes(charset));
        return out.toByteArray();
    }

    public static Path csv(Path file, Charset charset, boolean byteOrderMark, List<List<String>> rows) {
        try {
            return Files.write(file, csv(charset, byteOrderMark, rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path utf8Csv(Path file, List<List<String>> rows) {
        return csv(file, StandardCharsets.UTF_8, false, rows);
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /**
     * An {@code .xlsx} zip bomb: a valid workbook whose one sheet starts with the header and {@code leadingRows}
     * good rows (case numbers {@code BOMB-0001} …) and goes on with about {@code inflatedMegabytes} MB of one repeated
     * row, which deflates to a tiny fraction of that — so POI's inflate-ratio check trips while the sheet is read.
     */
    public static Path zipBomb(Path file, int leadingRows, int inflatedMegabytes) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    </Types>""");
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="案件信息" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            StringBuilder head = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            head.append(inlineRow(1, "案件编号", "所属辖区", "损失金额(元)"));
            for (int i = 1; i <= leadingRows; i++) {
                head.append(inlineRow(i + 1, String.format("BOMB-%04d", i), "昆都仑区", "1000"));
            }
            zip.write(head.toString().getBytes(StandardCharsets.UTF_8));
            byte[] filler = "<row><c t=\"inlineStr\"><is><t>x</t></is></c><c><v>1</v></c></row>".repeat(1000)
                    .getBytes(StandardCharsets.UTF_8);
            long target = (long) inflatedMegabytes << 20;
            for (long written = 0; written < target; written += filler.length) {
                zip.write(filler);
            }
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String inlineRow(int number, String... texts) {
        StringBuilder row = new StringBuilder("<row r=\"" + number + "\">");
        for (String text : texts) {
            row.append("<c t=\"inlineStr\"><is><t>").append(text).append("</t></is></c>");
        }
        return row.append("</row>").toString();
    }

    private static void entry(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
