package org.qiandai.web.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.analytics.reach.LiveCounting;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The reports: the workbook opened back with POI and compared figure by figure with the API, the cover sheet, text
 * that would be a formula written as text (in the workbook and the CSV), the CSV's figures, and a scheduled report
 * made, listed and downloaded.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false", "qiandai.pushes.scheduler.enabled=false",
        "qiandai.analytics.schedules.enabled=false", "qiandai.analytics.rebuild-when-needed=false"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsReportTests {

    static final String PASSWORD = "a-long-password";
    static final List<String> RISKY = List.of("=HYPERLINK(\"http://evil.example\",\"点我\")", "+SUM(A1:A9)", "-2+3", "@cmd");

    @Autowired MockMvc mvc;
    @Autowired UserAccounts accounts;
    @Autowired ApplicationContext context;
    @Autowired Segments segments;
    @Autowired Deliveries deliveries;
    @Autowired LiveCounting live;
    @Autowired java.time.Clock clock;

    String from;
    String to;

    @BeforeAll
    void setUp() throws InterruptedException {
        for (Role role : EnumSet.of(Role.LEADER, Role.PUBLICITY)) {
            if (accounts.find("r-" + role.name().toLowerCase()).isEmpty()) {
                accounts.create("r-" + role.name().toLowerCase(), PASSWORD, EnumSet.of(role));
            }
        }
        DemoAnalytics.load(context);
        // target groups whose names a spreadsheet would take for formulas, each reaching one person today
        for (int i = 0; i < RISKY.size(); i++) {
            String segment = segments.save(new SegmentDraft(RISKY.get(i), null, SegmentRule.ageBetween(18, 99), null, null), "test").id();
            String id = NewDelivery.idOf("push-risky", i, "risky-" + i);
            deliveries.queue(List.of(new NewDelivery(id, "push-risky", i, "cmp-risky", "sms-twilio", "tpl", "risky-" + i, "risky-" + i, "enc",
                    "zh-CN", "东河区", "text", segment)));
            deliveries.claim(id, "test", clock.instant().plusSeconds(60));
            deliveries.markSent(id, "sid-risky-" + i);
            deliveries.markDelivered(id);
        }
        assertThat(live.awaitIdle(Duration.ofSeconds(20))).isTrue();
        to = LocalDate.now(clock).toString();
        from = LocalDate.now(clock).minusDays(364).toString();
    }

    static MockHttpServletRequestBuilder as(String role, MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("r-" + role, PASSWORD));
    }

    @Test
    void theWorkbookHoldsTheApisFiguresSheetBySheet() throws Exception {
        byte[] xlsx = mvc.perform(as("leader", get("/api/analytics/report.xlsx").param("from", from).param("to", to)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("qiandai-report-" + from + "-" + to + ".xlsx")))
                .andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String> sheets = new ArrayList<>();
            wb.forEach(s -> sheets.add(s.getSheetName()));
            assertThat(sheets).containsExactly("封面", "概览", "按渠道", "按辖区", "按目标人群", "按受害人画像", "按日", "按周", "按月", "推送漏斗", "目标完成", "案件趋势");
            String cover = text(wb.getSheet("封面"));
            assertThat(cover).contains(from + " – " + to).contains("生成时间").contains(LocalDate.now(clock).toString()).contains("实测").contains("估算");

            Map<String, String> sheetOf = Map.of("channel", "按渠道", "district", "按辖区", "segment", "按目标人群", "profile", "按受害人画像",
                    "day", "按日", "week", "按周", "month", "按月");
            for (Map.Entry<String, String> e : sheetOf.entrySet()) {
                String json = mvc.perform(as("leader", get("/api/analytics/reach").param("from", from).param("to", to).param("groupBy", e.getKey())))
                        .andReturn().getResponse().getContentAsString();
                List<Map<String, Object>> rows = JsonPath.read(json, "$.rows");
                Sheet sheet = wb.getSheet(e.getValue());
                assertThat(sheet.getLastRowNum()).as(e.getValue()).isEqualTo(rows.size() + 1); // header, rows, total
                for (int i = 0; i < rows.size(); i++) {
                    Row row = sheet.getRow(i + 1);
                    Map<String, Object> r = rows.get(i);
                    assertThat(row.getCell(0).getStringCellValue()).as("%s row %d key", e.getValue(), i).isEqualTo(r.get("key"));
                    assertThat(row.getCell(1).getStringCellValue()).isEqualTo(r.get("label"));
                    List<String> figures = List.of("measuredReach", "delivered", "sent", "failed", "impressions", "estimated", "reportedUniqueUsers",
                            "activities", "pushOccurrences");
                    for (int f = 0; f < figures.size(); f++) {
                        assertThat(row.getCell(2 + f).getNumericCellValue()).as("%s row %d %s", e.getValue(), i, figures.get(f))
                                .isEqualTo(((Number) r.get(figures.get(f))).doubleValue());
                    }
                }
                Row total = sheet.getRow(rows.size() + 1);
                assertThat(total.getCell(2).getNumericCellValue()).isEqualTo(((Number) JsonPath.read(json, "$.total.measuredReach")).doubleValue());
            }

            String overview = mvc.perform(as("leader", get("/api/analytics/overview").param("from", from).param("to", to)))
                    .andReturn().getResponse().getContentAsString();
            Sheet o = wb.getSheet("概览");
            assertThat(o.getRow(1).getCell(1).getNumericCellValue()).isEqualTo(((Number) JsonPath.read(overview, "$.measuredReach.value")).doubleValue());
            assertThat(o.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(((Number) JsonPath.read(overview, "$.measuredReach.previous")).doubleValue());
            assertThat(o.getRow(5).getCell(1).getNumericCellValue()).isEqualTo(((Number) JsonPath.read(overview, "$.impressions.value")).doubleValue());

            // text a spreadsheet would run as a formula stays text: a string cell, quote-prefixed, exactly as named
            Sheet groups = wb.getSheet("按目标人群");
            List<String> risky = new ArrayList<>();
            for (Row row : groups) {
                Cell label = row.getCell(1);
                if (label != null && label.getCellType() == CellType.STRING && RISKY.contains(label.getStringCellValue())) {
                    assertThat(label.getCellStyle().getQuotePrefixed()).as(label.getStringCellValue()).isTrue();
                    risky.add(label.getStringCellValue());
                }
                for (Cell c : row) {
                    assertThat(c.getCellType()).isNotEqualTo(CellType.FORMULA);
                }
            }
            assertThat(risky).containsExactlyInAnyOrderElementsOf(RISKY);
        }
    }

    @Test
    void theCsvHoldsEveryBreakdownAndWritesFormulasAsText() throws Exception {
        byte[] bytes = mvc.perform(as("publicity", get("/api/analytics/report.csv").param("from", from).param("to", to)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")))
                .andReturn().getResponse().getContentAsByteArray();
        String csv = new String(bytes, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF");
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.substring(1)))
                .getRecords();
        assertThat(records.get(0).get("breakdown")).isEqualTo("total");
        String json = mvc.perform(as("leader", get("/api/analytics/reach").param("from", from).param("to", to).param("groupBy", "channel")))
                .andReturn().getResponse().getContentAsString();
        List<Map<String, Object>> rows = JsonPath.read(json, "$.rows");
        List<CSVRecord> channels = records.stream().filter(r -> r.get("breakdown").equals("channel")).toList();
        assertThat(channels).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(channels.get(i).get("key")).isEqualTo(rows.get(i).get("key"));
            assertThat(Long.parseLong(channels.get(i).get("measuredReach"))).isEqualTo(((Number) rows.get(i).get("measuredReach")).longValue());
            assertThat(Long.parseLong(channels.get(i).get("impressions"))).isEqualTo(((Number) rows.get(i).get("impressions")).longValue());
        }
        List<String> labels = records.stream().filter(r -> r.get("breakdown").equals("segment")).map(r -> r.get("label")).toList();
        for (String name : RISKY) {
            assertThat(labels).contains("'" + name);
        }
        assertThat(labels).noneMatch(l -> l.startsWith("=") || l.startsWith("+") || l.startsWith("-") || l.startsWith("@"));
    }

    @Test
    void aScheduledReportIsMadeKeptAndDownloaded() throws Exception {
        String schedule = mvc.perform(as("leader", post("/api/analytics/schedules")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"周报\", \"dayOfWeek\": \"MONDAY\", \"time\": \"08:00\", \"format\": \"xlsx\", \"language\": \"en\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String id = JsonPath.read(schedule, "$.id");
        assertThat((String) JsonPath.read(schedule, "$.nextRunAt")).isNotNull();
        mvc.perform(as("leader", post("/api/analytics/schedules")).contentType(MediaType.APPLICATION_JSON).content("{\"dayOfWeek\": \"SOMEDAY\"}"))
                .andExpect(status().isBadRequest());
        String made = mvc.perform(as("leader", post("/api/analytics/schedules/" + id + "/run"))).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        String reportId = JsonPath.read(made, "$.id");
        assertThat((String) JsonPath.read(made, "$.to")).isEqualTo(LocalDate.now(clock).minusDays(1).toString());
        String list = mvc.perform(as("publicity", get("/api/analytics/reports"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat((List<String>) JsonPath.read(list, "$[*].id")).contains(reportId);
        byte[] xlsx = mvc.perform(as("publicity", get("/api/analytics/reports/" + reportId))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo("Cover");
            assertThat(text(wb.getSheetAt(0))).contains(LocalDate.now(clock).minusDays(7) + " – " + LocalDate.now(clock).minusDays(1));
        }
        mvc.perform(as("publicity", get("/api/analytics/reports/0123456789abcdef01234567"))).andExpect(status().isNotFound());
    }

    private static String text(Sheet sheet) {
        StringBuilder sb = new StringBuilder();
        for (Row row : sheet) {
            for (Cell c : row) {
                sb.append(c.getCellType() == CellType.STRING ? c.getStringCellValue() : String.valueOf(c)).append(' ');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
