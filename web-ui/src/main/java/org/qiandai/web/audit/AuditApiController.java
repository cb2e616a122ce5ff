package org.qiandai.web.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.qiandai.analytics.reports.SafeText;
import org.qiandai.campaign.audit.AuditEntry;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.audit.AuditPage;
import org.qiandai.campaign.audit.AuditQuery;
import org.qiandai.web.ApiError;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail for administrators: {@code GET /api/audit?user=&action=&from=&to=&before=&limit=}, newest first, a page
 * at a time ({@code next} is the {@code before} of the following page), and the same selection as a download
 * ({@code /api/audit/export.csv}, {@code /api/audit/export.xlsx}; every row, up to {@code qiandai.audit.export.max-rows}).
 * Downloads are themselves recorded ({@code audit.export}).
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class AuditApiController {

    static final List<String> COLUMNS = List.of("id", "at", "actor", "action", "objectType", "objectId", "details", "remoteAddress");

    /** The selection a download holds (checked, as for a page), recorded in the audit entry, and the response's headers. */
    private AuditQuery startExport(String format, String contentType, String user, String action, String from, String to,
                                   HttpServletResponse response) {
        AuditQuery query = search.query(user, action, from, to, null, search.maxPageSize());
        AuditTrail.details(format + " user=" + orEmpty(user) + " action=" + orEmpty(action) + " from=" + orEmpty(from) + " to=" + orEmpty(to));
        download(response, contentType, format);
        return query;
    }

    private final AuditLog audit;
    private final AuditSearch search;
    private final ZoneId zone;

    AuditApiController(AuditLog audit, AuditSearch search, Clock clock) {
        this.audit = audit;
        this.search = search;
        this.zone = clock.getZone();
    }

    @GetMapping("/api/audit")
    AuditPage list(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String before, @RequestParam(required = false) Integer limit) {
        return audit.search(search.query(user, action, from, to, before, limit));
    }

    @GetMapping("/api/audit/export.csv")
    @Audited(value = "audit.export", object = "audit", id = "param:action")
    void csv(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
             HttpServletResponse response) throws IOException {
        AuditQuery query = startExport("csv", "text/csv;charset=UTF-8", user, action, from, to, response);
        OutputStream out = response.getOutputStream();
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // so spreadsheet programs read the Chinese
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        csv.printRecord(COLUMNS);
        forEach(query, e -> {
            try {
                csv.printRecord(cells(e).stream().map(SafeText::forCsv).toList());
            } catch (IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        });
        csv.flush();
        response.flushBuffer();
    }

    @GetMapping("/api/audit/export.xlsx")
    @Audited(value = "audit.export", object = "audit", id = "param:action")
    void xlsx(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
              @RequestParam(required = false) String from, @RequestParam(required = false) String to,
              HttpServletResponse response) throws IOException {
        AuditQuery query = startExport("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", user, action, from, to, response);
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            SXSSFSheet sheet = wb.createSheet("audit");
            CellStyle header = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle text = wb.createCellStyle();
            CellStyle quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true); // text a spreadsheet would take for a formula stays text
            Row head = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Cell c = head.createCell(i);
                c.setCellValue(COLUMNS.get(i));
                c.setCellStyle(header);
                sheet.setColumnWidth(i, (i == 6 ? 50 : 22) * 256);
            }
            int[] rows = {1};
            forEach(query, e -> {
                Row row = sheet.createRow(rows[0]++);
                List<String> values = cells(e);
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != null) {
                        Cell c = row.createCell(i);
                        c.setCellValue(values.get(i));
                        c.setCellStyle(SafeText.risky(values.get(i)) ? quoted : text);
                    }
                }
            });
            wb.write(response.getOutputStream());
        }
        response.flushBuffer();
    }

    /** Every entry the query selects, page by page, at most {@code qiandai.audit.export.max-rows}. */
    private void forEach(AuditQuery first, java.util.function.Consumer<AuditEntry> row) {
        int left = search.maxExportRows();
        String before = null;
        do {
            AuditPage page = audit.search(new AuditQuery(first.user(), first.action(), first.from(), first.to(), before,
                    Math.min(first.limit(), left)));
            for (AuditEntry e : page.content()) {
                row.accept(e);
            }
            left -= page.content().size();
            before = page.next();
        } while (before != null && left > 0);
    }

    private List<String> cells(AuditEntry e) {
        return java.util.Arrays.asList(e.id(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.at().atZone(zone)), e.actor(), e.action(),
                e.objectType(), e.objectId(), e.details(), e.remoteAddress());
    }

    private void download(HttpServletResponse response, String contentType, String extension) {
        response.setContentType(contentType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("qiandai-audit-" + java.time.LocalDate.now(zone) + "." + extension, StandardCharsets.UTF_8).build().toString());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ApiError> refused(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
