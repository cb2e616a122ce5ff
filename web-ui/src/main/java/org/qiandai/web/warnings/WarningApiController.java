package org.qiandai.web.warnings;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.servlet.http.HttpServletRequest;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.warnings.CaseView;
import org.qiandai.campaign.warnings.LeadDraft;
import org.qiandai.campaign.warnings.LeadImports;
import org.qiandai.campaign.warnings.LeadRejectedException;
import org.qiandai.campaign.warnings.LeadResult;
import org.qiandai.campaign.warnings.LeadVia;
import org.qiandai.campaign.warnings.OpenCaseView;
import org.qiandai.campaign.warnings.TaskView;
import org.qiandai.campaign.warnings.WarningCases;
import org.qiandai.campaign.warnings.WarningLeads;
import org.qiandai.campaign.warnings.WarningPlaybook;
import org.qiandai.campaign.warnings.WarningRefusedException;
import org.qiandai.campaign.warnings.WarningStats;
import org.qiandai.web.ApiError;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.audit.Audited;
import org.qiandai.web.security.ClientAddresses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The early-warning API. Leads come from the anti-fraud centre's systems and the duty desk (role DUTY); officers
 * (OFFICER) read their tasks and record outcomes; leaders (LEADER) and the desk read the figures. Who sees which case
 * or task is decided by {@link WarningCases}.
 */
@RestController
@RequestMapping("/api/warnings")
class WarningApiController {

    /** A batch ({@code leads}), or one lead given directly as the body. */
    record LeadsRequest(List<LeadDraft> leads, String externalId, String phone, String district, String source, String fraudType,
                        String detectedAt, Integer age, String gender, String occupation, BigDecimal amountAtRisk, String relativePhone,
                        String language, String note) {

        List<LeadDraft> drafts() {
            if (leads != null) {
                return leads;
            }
            if (phone == null && externalId == null) {
                return List.of();
            }
            return List.of(new LeadDraft(externalId, phone, district, source, fraudType, detectedAt, age, gender, occupation, amountAtRisk,
                    relativePhone, language, note));
        }
    }

    record LeadsResponse(List<LeadResult> results) {
    }

    record OutcomeRequest(String outcome, String note, @JsonAlias("amountLost") BigDecimal amount) {
    }

    record AssignRequest(String username) {
    }

    record PlaybookRequest(List<WarningPlaybook.Play> plays) {
    }

    record PlaybookResponse(List<WarningPlaybook.Play> plays) {
    }

    private final WarningLeads leads;
    private final LeadImports imports;
    private final WarningCases cases;
    private final WarningStats stats;
    private final WarningPlaybook playbook;
    private final WarningViewers viewers;

    private final ClientAddresses addresses;

    WarningApiController(WarningLeads leads, LeadImports imports, WarningCases cases, WarningStats stats, WarningPlaybook playbook,
                         WarningViewers viewers, ClientAddresses addresses) {
        this.addresses = addresses;
        this.leads = leads;
        this.imports = imports;
        this.cases = cases;
        this.stats = stats;
        this.playbook = playbook;
        this.viewers = viewers;
    }

    @PreAuthorize("hasRole('DUTY')")
    @Audited(value = "warning.lead", object = "warning-lead")
    @PostMapping("/leads")
    LeadsResponse receive(@RequestBody(required = false) LeadsRequest request, Authentication user) {
        return new LeadsResponse(leads.receive(request == null ? List.of() : request.drafts(), LeadVia.API, user.getName()));
    }

    @PreAuthorize("hasRole('DUTY')")
    @Audited(value = "warning.import", object = "warning-lead")
    @PostMapping(path = "/leads/import", consumes = "multipart/form-data")
    LeadImports.Summary importFile(@RequestPart("file") MultipartFile file, Authentication user) throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
        Path upload = Files.createTempFile("qiandai-leads-", ".tmp");
        try {
            file.transferTo(upload);
            return imports.importFile(upload, name, user.getName());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** The duty desk's open cases (its districts), most urgent first. */
    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @GetMapping("/cases")
    List<OpenCaseView> openCases(Authentication user) {
        return cases.openCases(viewers.of(user));
    }

    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @GetMapping("/cases/{id}")
    CaseView one(@PathVariable String id, Authentication user) {
        return cases.get(id, viewers.of(user));
    }

    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @GetMapping("/tasks")
    List<TaskView> tasks(@RequestParam(defaultValue = "false") boolean mine, Authentication user) {
        return cases.tasks(viewers.of(user), mine);
    }

    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @Audited(value = "warning.outcome", object = "warning-task")
    @PostMapping("/tasks/{id}/outcome")
    CaseView outcome(@PathVariable String id, @RequestBody(required = false) OutcomeRequest request, Authentication user) {
        OutcomeRequest r = request == null ? new OutcomeRequest(null, null, null) : request;
        return cases.recordOutcome(id, r.outcome(), r.amount(), r.note(), viewers.of(user));
    }

    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @Audited(value = "warning.assign", object = "warning-task")
    @PostMapping("/tasks/{id}/assign")
    CaseView assign(@PathVariable String id, @RequestBody(required = false) AssignRequest request, Authentication user) {
        return cases.assign(id, request == null ? null : request.username(), viewers.of(user));
    }

    /** The number in clear for the task's assignee to call, recorded in the audit trail. */
    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @PostMapping("/tasks/{id}/reveal")
    WarningCases.Revealed reveal(@PathVariable String id, Authentication user, HttpServletRequest request) {
        return cases.reveal(id, viewers.of(user), addresses.of(request));
    }

    @PreAuthorize("hasAnyRole('LEADER', 'DUTY')")
    @GetMapping("/stats")
    WarningStats.Report stats(@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                              @RequestParam(required = false) String groupBy) {
        WarningStats.GroupBy by;
        try {
            by = WarningStats.GroupBy.parse(groupBy);
        } catch (IllegalArgumentException e) {
            throw new WarningStatsRefused(e.getMessage());
        }
        try {
            return stats.compute(from, to, by);
        } catch (IllegalArgumentException e) {
            throw new WarningStatsRefused(e.getMessage());
        }
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'DUTY')")
    @GetMapping("/playbook")
    PlaybookResponse plays() {
        return new PlaybookResponse(playbook.plays());
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'DUTY')")
    @Audited(value = "settings.playbook", object = "warning-playbook")
    @PutMapping("/playbook")
    PlaybookResponse replacePlays(@RequestBody(required = false) PlaybookRequest request, Authentication user) {
        return new PlaybookResponse(playbook.replace(request == null ? null : request.plays(), user.getName()));
    }

    /** A figures request that cannot be answered (bad period or grouping). */
    static final class WarningStatsRefused extends RuntimeException {
        WarningStatsRefused(String message) {
            super(message);
        }
    }

    @ExceptionHandler(WarningStatsRefused.class)
    ResponseEntity<ApiError> badStats(WarningStatsRefused e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(LeadRejectedException.class)
    ResponseEntity<ApiError> rejected(LeadRejectedException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(WarningRefusedException.class)
    ResponseEntity<ApiError> refused(WarningRefusedException e) {
        return error(switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        }, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e));
    }

    @ExceptionHandler(ImportRefusedException.class)
    ResponseEntity<ApiError> importRefused(ImportRefusedException e) {
        return error(switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNREADABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        }, e.getMessage());
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(ApiError.of(status, message));
    }
}
