package org.qiandai.analytics.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.qiandai.analytics.DashboardData;
import org.qiandai.analytics.Overview;
import org.qiandai.analytics.effect.CaseTrend;
import org.qiandai.analytics.effect.Effect;
import org.qiandai.analytics.reach.PushFunnel;
import org.qiandai.analytics.reach.ReachReport;
import org.qiandai.analytics.reach.ReachRow;
import org.qiandai.analytics.targets.TargetProgress;

/**
 * Writes the dashboard's figures as a workbook (Apache POI's streaming SXSSF: rows go to a temporary file 100 at a
 * time, never a whole workbook in memory) — a cover sheet with the filters, the time it was made and what each kind of
 * figure is, then one sheet per breakdown, the funnels, the targets, the case trend and, for a campaign, the
 * comparison — or as one CSV table of every reach breakdown (UTF-8 with a byte-order mark, so spreadsheet programs read
 * the Chinese). Text that could be read as a formula is written as text ({@link SafeText}). Every figure keeps its
 * kind in its column's name: measured, reported or estimated.
 */
public final class ReportWriter {

    /** The CSV's columns: the API's field names. */
    public static final List<String> CSV_COLUMNS = List.of("breakdown", "key", "label", "measuredReach", "delivered", "sent", "failed",
            "impressions", "estimated", "reportedUniqueUsers", "activities", "pushOccurrences");
    static final List<String> ROW_COLUMNS = CSV_COLUMNS.subList(1, CSV_COLUMNS.size());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ResourceBundle labels;
    private final ZoneId zone;

    public ReportWriter(boolean english, ZoneId zone) {
        this.labels = ResourceBundle.getBundle("org.qiandai.analytics.reports.labels", english ? Locale.ENGLISH : Locale.ROOT);
        this.zone = zone;
    }

    String label(String key) {
        return labels.containsKey(key) ? labels.getString(key) : key;
    }

    /** The file name a report of these filters is downloaded as, e.g. {@code qiandai-report-2026-11-01-2026-11-30.xlsx}. */
    public static String fileName(DashboardData data, ReportFormat format) {
        return "qiandai-report-" + data.filters().from() + "-" + data.filters().to() + "." + format.extension;
    }

    public void write(DashboardData data, ReportFormat format, OutputStream out) throws IOException {
        if (format == ReportFormat.XLSX) {
            xlsx(data, out);
        } else {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            csv(data, w);
            w.flush();
        }
    }

    // ---- CSV ----

    public void csv(DashboardData data, Writer out) throws IOException {
        out.write('\uFEFF');
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        csv.printRecord(CSV_COLUMNS);
        ReachReport any = data.breakdowns().values().stream().findFirst().orElse(null);
        if (any != null) {
            csvRow(csv, "total", any.total());
        }
        for (Map.Entry<String, ReachReport> b : data.breakdowns().entrySet()) {
            for (ReachRow row : b.getValue().rows()) {
                csvRow(csv, b.getKey(), row);
            }
        }
        csv.flush();
    }

    private static void csvRow(CSVPrinter csv, String breakdown, ReachRow r) throws IOException {
        csv.printRecord(breakdown, SafeText.forCsv(r.key()), SafeText.forCsv(r.label()), r.measuredReach(), r.delivered(), r.sent(), r.failed(),
                r.impressions(), r.estimated(), r.reportedUniqueUsers(), r.activities(), r.pushOccurrences());
    }

    // ---- workbook ----

    public void xlsx(DashboardData data, OutputStream out) throws IOException {
        SXSSFWorkbook wb = new SXSSFWorkbook(100);
        wb.setCompressTempFiles(true);
        try {
            Styles styles = new Styles(wb);
            cover(wb, styles, data);
            overview(wb, styles, data.overview());
            for (Map.Entry<String, ReachReport> b : data.breakdowns().entrySet()) {
                breakdown(wb, styles, b.getKey(), b.getValue());
            }
            funnels(wb, styles, data.funnels());
            targets(wb, styles, data.targets());
            if (data.effect() != null) {
                trend(wb, styles, data.effect().trend());
                if (data.effect().comparison() != null) {
                    comparison(wb, styles, data.effect());
                }
            }
            wb.write(out);
        } finally {
            wb.close();
            wb.dispose();
        }
    }

    /** Cell styles, made once per workbook. */
    static final class Styles {
        final CellStyle header;
        final CellStyle text;
        final CellStyle quoted;
        final CellStyle number;
        final CellStyle money;
        final CellStyle percent;
        final CellStyle title;

        Styles(SXSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 16);
            title = wb.createCellStyle();
            title.setFont(big);
            text = wb.createCellStyle();
            quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            number = wb.createCellStyle();
            number.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
            money = wb.createCellStyle();
            money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
        }
    }

    private SXSSFSheet sheet(SXSSFWorkbook wb, String key, int columns) {
        SXSSFSheet sheet = wb.createSheet(label(key));
        for (int i = 0; i < columns; i++) {
            sheet.setColumnWidth(i, i == 0 ? 28 * 256 : 18 * 256);
        }
        return sheet;
    }

    static void text(Row row, int col, String value, Styles s) {
        Cell c = row.createCell(col);
        if (value == null) {
            return;
        }
        c.setCellValue(value);
        c.setCellStyle(SafeText.risky(value) ? s.quoted : s.text);
    }

    static void number(Row row, int col, Number value, CellStyle style) {
        Cell c = row.createCell(col);
        if (value != null) {
            c.setCellValue(value.doubleValue());
            c.setCellStyle(style);
        }
    }

    private void headers(Sheet sheet, Styles s, List<String> keys) {
        Row row = next(sheet);
        for (int i = 0; i < keys.size(); i++) {
            Cell c = row.createCell(i);
            c.setCellValue(label(keys.get(i)));
            c.setCellStyle(s.header);
        }
    }

    private static Row next(Sheet sheet) {
        return sheet.createRow(sheet.getPhysicalNumberOfRows());
    }

    private void cover(SXSSFWorkbook wb, Styles s, DashboardData data) {
        SXSSFSheet sheet = sheet(wb, "sheet.cover", 2);
        sheet.setColumnWidth(1, 90 * 256);
        Row t = next(sheet);
        Cell c = t.createCell(0);
        c.setCellValue(label("title"));
        c.setCellStyle(s.title);
        next(sheet);
        pair(sheet, s, label("cover.generatedAt"), TIME.format(data.generatedAt().atZone(zone)) + " (" + zone + ")");
        pair(sheet, s, label("cover.period"), data.filters().from() + " – " + data.filters().to());
        pair(sheet, s, label("cover.campaign"), data.filters().campaignId() == null ? label("cover.all")
                : (data.effect() != null && data.effect().comparison() != null ? data.effect().comparison().campaign().name() + " (" + data.filters().campaignId() + ")"
                : data.filters().campaignId()));
        pair(sheet, s, label("cover.district"), data.filters().district() == null ? label("cover.all") : data.filters().district());
        next(sheet);
        Row k = next(sheet);
        Cell kc = k.createCell(0);
        kc.setCellValue(label("cover.kinds"));
        kc.setCellStyle(s.header);
        for (String kind : List.of("measured", "reported", "estimated", "recorded")) {
            pair(sheet, s, label("kindName." + kind), label("kind." + kind));
        }
    }

    private static void pair(Sheet sheet, Styles s, String name, String value) {
        Row row = next(sheet);
        Cell n = row.createCell(0);
        n.setCellValue(name);
        n.setCellStyle(s.header);
        text(row, 1, value, s);
    }

    private void overview(SXSSFWorkbook wb, Styles s, Overview o) {
        SXSSFSheet sheet = sheet(wb, "sheet.overview", 4);
        headers(sheet, s, List.of("column.figure", "column.value", "column.previous", "column.kind"));
        count(sheet, s, "figure.measuredReach", o.measuredReach());
        count(sheet, s, "figure.delivered", o.delivered());
        count(sheet, s, "figure.sent", o.sent());
        count(sheet, s, "figure.failed", o.failed());
        count(sheet, s, "figure.impressions", o.impressions());
        count(sheet, s, "figure.reportedUniqueUsers", o.reportedUniqueUsers());
        count(sheet, s, "figure.estimated", o.estimated());
        count(sheet, s, "figure.actions", o.actions());
        count(sheet, s, "figure.activities", o.activities());
        count(sheet, s, "figure.pushOccurrences", o.pushOccurrences());
        count(sheet, s, "figure.cases", o.cases());
        Row row = next(sheet);
        text(row, 0, label("figure.losses"), s);
        number(row, 1, o.losses().value(), s.money);
        number(row, 2, o.losses().previous(), s.money);
        text(row, 3, label("kindName." + o.losses().kind()), s);
    }

    private void count(Sheet sheet, Styles s, String key, Overview.Count c) {
        Row row = next(sheet);
        text(row, 0, label(key), s);
        number(row, 1, c.value(), s.number);
        number(row, 2, c.previous(), s.number);
        text(row, 3, label("kindName." + c.kind()), s);
    }

    private void breakdown(SXSSFWorkbook wb, Styles s, String name, ReachReport report) {
        SXSSFSheet sheet = sheet(wb, "sheet." + name, ROW_COLUMNS.size());
        headers(sheet, s, ROW_COLUMNS.stream().map(c -> "column." + c).toList());
        for (ReachRow r : report.rows()) {
            row(sheet, s, r.key(), r.label(), r);
        }
        row(sheet, s, label("column.total"), "", report.total());
    }

    private static void row(Sheet sheet, Styles s, String key, String label, ReachRow r) {
        Row row = next(sheet);
        text(row, 0, key, s);
        text(row, 1, label, s);
        long[] values = {r.measuredReach(), r.delivered(), r.sent(), r.failed(), r.impressions(), r.estimated(), r.reportedUniqueUsers(),
                r.activities(), r.pushOccurrences()};
        for (int i = 0; i < values.length; i++) {
            number(row, 2 + i, values[i], s.number);
        }
    }

    private void funnels(SXSSFWorkbook wb, Styles s, List<PushFunnel> funnels) {
        List<String> columns = List.of("funnel.push", "funnel.campaign", "funnel.channel", "funnel.status", "funnel.queued", "funnel.sent",
                "funnel.delivered", "funnel.failed", "funnel.undelivered", "funnel.expired", "funnel.cancelled", "funnel.waiting",
                "funnel.awaitingReceipt", "funnel.optedOut", "funnel.excluded", "funnel.failureCodes");
        SXSSFSheet sheet = sheet(wb, "sheet.funnels", columns.size());
        headers(sheet, s, columns);
        for (PushFunnel f : funnels) {
            Row row = next(sheet);
            text(row, 0, f.pushId(), s);
            text(row, 1, f.campaignId(), s);
            text(row, 2, f.channel(), s);
            text(row, 3, f.status(), s);
            long[] values = {f.queued(), f.sent(), f.delivered(), f.failed(), f.undelivered(), f.expired(), f.cancelled(), f.waiting(),
                    f.awaitingReceipt(), f.optedOut(), f.excludedTotal()};
            for (int i = 0; i < values.length; i++) {
                number(row, 4 + i, values[i], s.number);
            }
            text(row, 15, f.failureCodes().stream().map(c -> c.code() + " × " + c.count()).collect(Collectors.joining("; ")), s);
        }
    }

    private void targets(SXSSFWorkbook wb, Styles s, List<TargetProgress> targets) {
        List<String> columns = List.of("target.scope", "target.period", "target.district", "target.figure", "target.target", "target.actual",
                "target.share", "target.elapsed");
        SXSSFSheet sheet = sheet(wb, "sheet.targets", columns.size());
        headers(sheet, s, columns);
        for (TargetProgress t : targets) {
            String scope = "year".equals(t.scope()) ? label("target.year") + " " + t.year() : t.campaignName();
            String period = t.from() == null ? "" : t.from() + " – " + t.to();
            measure(sheet, s, scope, period, label("target.all"), "target.peopleReached", t.peopleReached(), t.elapsed());
            measure(sheet, s, scope, period, label("target.all"), "target.actionsHeld", t.actionsHeld(), t.elapsed());
            for (TargetProgress.District d : t.districts()) {
                measure(sheet, s, scope, period, d.district(), "target.peopleReached", d.peopleReached(), t.elapsed());
                measure(sheet, s, scope, period, d.district(), "target.actionsHeld", d.actionsHeld(), t.elapsed());
            }
        }
    }

    private void measure(Sheet sheet, Styles s, String scope, String period, String district, String figure, TargetProgress.Measure m,
                         double elapsed) {
        if (m.target() == null) {
            return;
        }
        Row row = next(sheet);
        text(row, 0, scope, s);
        text(row, 1, period, s);
        text(row, 2, district, s);
        text(row, 3, label(figure), s);
        number(row, 4, m.target(), s.number);
        number(row, 5, m.actual(), s.number);
        number(row, 6, m.share(), s.percent);
        number(row, 7, elapsed, s.percent);
    }

    private void trend(SXSSFWorkbook wb, Styles s, CaseTrend trend) {
        List<String> districtKeys = trend.byDistrict().stream().map(CaseTrend.Series::key).toList();
        List<String> columns = new ArrayList<>(List.of("cases.month", "cases.total", "cases.losses"));
        SXSSFSheet sheet = sheet(wb, "sheet.cases", columns.size() + districtKeys.size() + 1);
        Row header = next(sheet);
        for (int i = 0; i < columns.size(); i++) {
            Cell c = header.createCell(i);
            c.setCellValue(label(columns.get(i)));
            c.setCellStyle(s.header);
        }
        for (int i = 0; i < districtKeys.size(); i++) {
            Cell c = header.createCell(3 + i);
            c.setCellValue(districtKeys.get(i));
            c.setCellStyle(s.header);
        }
        Cell marks = header.createCell(3 + districtKeys.size());
        marks.setCellValue(label("cases.campaigns"));
        marks.setCellStyle(s.header);
        for (int m = 0; m < trend.months().size(); m++) {
            Row row = next(sheet);
            String month = trend.months().get(m);
            text(row, 0, month, s);
            number(row, 1, trend.cases().get(m), s.number);
            number(row, 2, trend.losses().get(m), s.money);
            for (int i = 0; i < districtKeys.size(); i++) {
                number(row, 3 + i, trend.byDistrict().get(i).cases().get(m), s.number);
            }
            java.time.YearMonth ym = java.time.YearMonth.parse(month);
            text(row, 3 + districtKeys.size(), trend.campaigns().stream()
                    .filter(c -> !c.from().isAfter(ym.atEndOfMonth()) && !c.to().isBefore(ym.atDay(1)))
                    .map(c -> c.name()).collect(Collectors.joining("、")), s);
        }
    }

    private void comparison(SXSSFWorkbook wb, Styles s, Effect effect) {
        Effect.Comparison c = effect.comparison();
        List<String> columns = List.of("comparison.group", "comparison.before", "comparison.after", "comparison.change",
                "comparison.beforeLastYear", "comparison.afterLastYear", "comparison.changeLastYear");
        SXSSFSheet sheet = sheet(wb, "sheet.comparison", columns.size());
        pair(sheet, s, label("cover.campaign"), c.campaign().name() + " (" + c.campaign().from() + " – " + c.campaign().to() + ")");
        pair(sheet, s, label("comparison.window"), c.before().from() + " – " + c.before().to() + " / " + c.after().from() + " – " + c.after().to());
        next(sheet);
        headers(sheet, s, columns);
        for (Effect.Group g : c.groups()) {
            Row row = next(sheet);
            text(row, 0, label("group." + g.key()), s);
            number(row, 1, g.before().cases(), s.number);
            number(row, 2, g.after().cases(), s.number);
            number(row, 3, g.change(), s.percent);
            number(row, 4, g.beforeLastYear().cases(), s.number);
            number(row, 5, g.afterLastYear().cases(), s.number);
            number(row, 6, g.changeLastYear(), s.percent);
        }
        next(sheet);
        Row h = next(sheet);
        Cell hc = h.createCell(0);
        hc.setCellValue(label("comparison.caveats"));
        hc.setCellStyle(s.header);
        for (Effect.Caveat caveat : effect.caveats()) {
            String key = "caveat." + caveat.code();
            pair(sheet, s, caveat.code(), labels.containsKey(key)
                    ? java.text.MessageFormat.format(label(key), String.join("、", caveat.about().stream().map(a -> labels.containsKey("group." + a)
                    ? label("group." + a) : a).toList())) : caveat.message());
        }
    }
}
