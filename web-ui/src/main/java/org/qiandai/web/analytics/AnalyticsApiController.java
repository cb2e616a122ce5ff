package org.qiandai.web.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import jakarta.servlet.http.HttpServletResponse;
import org.qiandai.analytics.AnalyticsRebuild;
import org.qiandai.analytics.Dashboard;
import org.qiandai.analytics.DashboardData;
import org.qiandai.analytics.DashboardFilters;
import org.qiandai.analytics.Overview;
import org.qiandai.analytics.effect.CaseTrends;
import org.qiandai.analytics.effect.Effect;
import org.qiandai.analytics.reach.CounterState;
import org.qiandai.analytics.reach.Funnels;
import org.qiandai.analytics.reach.PushFunnel;
import org.qiandai.analytics.reach.ReachQueries;
import org.qiandai.analytics.reach.ReachQuery;
import org.qiandai.analytics.reach.ReachRebuild;
import org.qiandai.analytics.reach.ReachRefusedException;
import org.qiandai.analytics.reach.ReachReport;
import org.qiandai.analytics.reports.ReportFormat;
import org.qiandai.analytics.reports.ReportRefusedException;
import org.qiandai.analytics.reports.ReportSchedule;
import org.qiandai.analytics.reports.ReportSchedules;
import org.qiandai.analytics.reports.ReportWriter;
import org.qiandai.analytics.reports.ScheduleDraft;
import org.qiandai.analytics.reports.StoredReport;
import org.qiandai.analytics.targets.TargetDraft;
import org.qiandai.analytics.targets.TargetProgress;
import org.qiandai.analytics.targets.TargetRefusedException;
import org.qiandai.analytics.targets.Targets;
import org.qiandai.web.ApiError;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.audit.Audited;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reach and effect, as aggregates only — never a person (phone hashes stay inside analytics) and never a case: leaders,
 * the publicity team and analysts read them; leaders set targets and schedule reports; leaders and admins rebuild the
 * counters. Periods are inclusive {@code yyyy-MM-dd} dates; without them, the 30 days up to today.
 */
@RestController
@PreAuthorize(AnalyticsApiController.READERS)
class AnalyticsApiController {

    static final String READERS = "hasAnyRole('LEADER', 'PUBLICITY', 'ANALYST')";
    static final String LEADER = "hasRole('LEADER')";

    private final Dashboard dashboard;
    private final ReachQueries reach;
    private final Funnels funnels;
    private final CaseTrends cases;
    private final Targets targets;
    private final AnalyticsRebuild rebuild;
    private final ReportSchedules schedules;
    private final Clock clock;

    AnalyticsApiController(Dashboard dashboard, ReachQueries reach, Funnels funnels, CaseTrends cases, Targets targets, AnalyticsRebuild rebuild,
                           ReportSchedules schedules, Clock clock) {
        this.dashboard = dashboard;
        this.reach = reach;
        this.funnels = funnels;
        this.cases = cases;
        this.targets = targets;
        this.rebuild = rebuild;
        this.schedules = schedules;
        this.clock = clock;
    }

    private DashboardFilters filters(LocalDate from, LocalDate to, String campaignId, String district) {
        return dashboard.defaults(from, to, campaignId, district);
    }

    /** {@code {"rows": [{"key", "measuredReach", "delivered", "sent", "failed", "impressions", "estimated", …}], "total": {…}}}. */
    @GetMapping("/api/analytics/reach")
    ReachReport reach(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      @RequestParam(required = false) String campaignId, @RequestParam(required = false) String groupBy,
                      @RequestParam(required = false) String district) {
        DashboardFilters f = filters(from, to, campaignId, district);
        return reach.reach(new ReachQuery(f.from(), f.to(), f.campaignId(), f.district(), groupBy));
    }

    @GetMapping("/api/analytics/overview")
    Overview overview(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      @RequestParam(required = false) String campaignId, @RequestParam(required = false) String district) {
        return dashboard.overview(filters(from, to, campaignId, district));
    }

    /** The case trend, and for a campaign its before/after comparison with caveats ({@code window} whole months, default 3). */
    @GetMapping("/api/analytics/effect")
    Effect effect(@RequestParam(required = false) String campaignId, @RequestParam(required = false) Integer window,
                  @RequestParam(required = false) String district) {
        return cases.effect(campaignId, window, district);
    }

    @GetMapping("/api/analytics/funnels")
    List<PushFunnel> funnels(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                             @RequestParam(required = false) String campaignId) {
        DashboardFilters f = filters(from, to, campaignId, null);
        return funnels.of(f.campaignId(), f.from(), f.to());
    }

    @GetMapping("/api/analytics/state")
    CounterState state() {
        return reach.state();
    }

    // ---- targets ----

    @GetMapping("/api/analytics/targets")
    List<TargetProgress> targets(@RequestParam(required = false) Integer year) {
        return targets.ofYear(year == null ? LocalDate.now(clock).getYear() : year);
    }

    @Audited(value = "settings.target", object = "target-year", id = "year")
    @PutMapping("/api/analytics/targets/year/{year}")
    @PreAuthorize(LEADER)
    TargetProgress setYear(@PathVariable int year, @RequestBody(required = false) TargetDraft draft, Principal user) {
        return targets.setYear(year, draft, user.getName());
    }

    @Audited(value = "settings.target", object = "target-campaign", id = "campaignId")
    @PutMapping("/api/analytics/targets/campaign/{campaignId}")
    @PreAuthorize(LEADER)
    TargetProgress setCampaign(@PathVariable String campaignId, @RequestBody(required = false) TargetDraft draft, Principal user) {
        return targets.setCampaign(campaignId, draft, user.getName());
    }

    @Audited(value = "settings.target-delete", object = "target")
    @DeleteMapping("/api/analytics/targets/{scope}/{id}")
    @PreAuthorize(LEADER)
    ResponseEntity<Void> deleteTarget(@PathVariable String scope, @PathVariable String id) {
        if (!scope.equals("year") && !scope.equals("campaign")) {
            throw new NoSuchElementException("no target scope '" + scope + "' (year or campaign)");
        }
        return targets.delete(scope + ":" + id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    // ---- rebuild ----

    /** Rebuilds every counter from the records and answers what it counted; 409 while another rebuild runs. */
    @Audited(value = "analytics.rebuild", object = "analytics")
    @PostMapping("/api/analytics/rebuild")
    @PreAuthorize("hasAnyRole('LEADER', 'ADMIN')")
    AnalyticsRebuild.Result rebuild() {
        return rebuild.rebuild();
    }

    // ---- reports ----

    @Audited(value = "export.report", object = "report", id = "param:campaignId")
    @GetMapping({"/api/analytics/report.xlsx", "/api/analytics/report.csv"})
    void report(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String campaignId, @RequestParam(required = false) String district, Locale locale,
                jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReportFormat format = request.getRequestURI().endsWith(".csv") ? ReportFormat.CSV : ReportFormat.XLSX;
        DashboardData data = dashboard.data(filters(from, to, campaignId, district));
        response.setContentType(format.contentType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(ReportWriter.fileName(data, format), StandardCharsets.UTF_8).build().toString());
        new ReportWriter(Locale.ENGLISH.getLanguage().equals(locale.getLanguage()), clock.getZone()).write(data, format, response.getOutputStream());
        response.flushBuffer();
    }

    @GetMapping("/api/analytics/schedules")
    List<ReportSchedule> schedules() {
        return schedules.list();
    }

    /** {@code {"name", "dayOfWeek": "MONDAY", "time": "08:00", "format": "xlsx", "language": "zh-CN", "campaignId", "district"}}. */
    @Audited(value = "settings.schedule", object = "report-schedule")
    @PostMapping("/api/analytics/schedules")
    @PreAuthorize(LEADER)
    ResponseEntity<ReportSchedule> schedule(@RequestBody(required = false) ScheduleDraft draft, Principal user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(schedules.create(draft, user.getName()));
    }

    @Audited(value = "settings.schedule-delete", object = "report-schedule")
    @DeleteMapping("/api/analytics/schedules/{id}")
    @PreAuthorize(LEADER)
    ResponseEntity<Void> unschedule(@PathVariable String id) {
        return schedules.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    /** Makes the schedule's report now (the seven days before today) and keeps it. */
    @Audited(value = "report.run", object = "report-schedule")
    @PostMapping("/api/analytics/schedules/{id}/run")
    @PreAuthorize(LEADER)
    ResponseEntity<StoredReport> runNow(@PathVariable String id) {
        return ResponseEntity.status(HttpStatus.CREATED).body(schedules.runNow(id));
    }

    @GetMapping("/api/analytics/reports")
    List<StoredReport> reports() {
        return schedules.reports(200);
    }

    @Audited(value = "export.report", object = "report")
    @GetMapping("/api/analytics/reports/{id}")
    void download(@PathVariable String id, HttpServletResponse response) throws IOException {
        ReportSchedules.Download d = schedules.open(id).orElseThrow(() -> new NoSuchElementException("no report '" + id + "'"));
        try (InputStream in = d.content()) {
            response.setContentType(d.report().format().contentType);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(d.report().fileName(), StandardCharsets.UTF_8).build().toString());
            response.setContentLengthLong(d.report().size());
            in.transferTo(response.getOutputStream());
        }
    }

    // ---- errors ----

    @ExceptionHandler({ReachRefusedException.class, TargetRefusedException.class, ReportRefusedException.class, IllegalArgumentException.class})
    ResponseEntity<ApiError> refused(RuntimeException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ApiError> notFound(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(HttpStatus.NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(ReachRebuild.BusyException.class)
    ResponseEntity<ApiError> busy(ReachRebuild.BusyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of(HttpStatus.CONFLICT, e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e)));
    }
}
