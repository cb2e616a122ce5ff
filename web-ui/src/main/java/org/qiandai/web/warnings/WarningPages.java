package org.qiandai.web.warnings;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.templates.FraudSigns;
import org.qiandai.campaign.warnings.LadderStep;
import org.qiandai.campaign.warnings.LeadDraft;
import org.qiandai.campaign.warnings.LeadImports;
import org.qiandai.campaign.warnings.LeadRejectedException;
import org.qiandai.campaign.warnings.LeadResult;
import org.qiandai.campaign.warnings.LeadSource;
import org.qiandai.campaign.warnings.LeadVia;
import org.qiandai.campaign.warnings.TaskOutcome;
import org.qiandai.campaign.warnings.WarningCases;
import org.qiandai.campaign.warnings.WarningLeads;
import org.qiandai.campaign.warnings.WarningRefusedException;
import org.qiandai.campaign.warnings.WarningStats;
import org.qiandai.campaign.warnings.WarningViewer;
import org.qiandai.web.audit.Audited;
import org.qiandai.web.shell.Districts;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The early-warning pages: {@code /warnings} the duty desk (open cases of its districts with their deadlines counting
 * down, a lead typed in, a lead file imported; officers are sent to their tasks, leaders to the figures);
 * {@code /warnings/tasks} an officer's tasks on a phone (tap to call, the outcome in two taps); {@code /warnings/cases/{id}}
 * a case with its timeline; {@code /warnings/stats} the figures for leaders.
 */
@Controller
@RequestMapping("/warnings")
class WarningPages {

    private final WarningLeads leads;
    private final LeadImports imports;
    private final WarningCases cases;
    private final WarningStats stats;
    private final WarningViewers viewers;

    WarningPages(WarningLeads leads, LeadImports imports, WarningCases cases, WarningStats stats, WarningViewers viewers) {
        this.leads = leads;
        this.imports = imports;
        this.cases = cases;
        this.stats = stats;
        this.viewers = viewers;
    }

    @PreAuthorize("hasAnyRole('LEADER', 'OFFICER', 'DUTY')")
    @GetMapping
    String desk(Authentication auth, Model model) {
        WarningViewer viewer = viewers.of(auth);
        if (!has(auth, "DUTY")) {
            return has(auth, "OFFICER") ? "redirect:/warnings/tasks" : "redirect:/warnings/stats";
        }
        model.addAttribute("cases", cases.openCases(viewer));
        model.addAttribute("districts", viewer.districts().isEmpty() ? Districts.BAOTOU : viewer.districts());
        model.addAttribute("sources", LeadSource.values());
        model.addAttribute("fraudTypes", FraudSigns.types().stream().map(FraudSigns.FraudType::name).toList());
        return "warnings/desk";
    }

    /** The open cases' table alone, which the desk page reloads every few seconds. */
    @GetMapping("/open")
    @PreAuthorize("hasRole('DUTY')")
    String openFragment(Authentication auth, Model model) {
        model.addAttribute("cases", cases.openCases(viewers.of(auth)));
        return "warnings/desk :: open-cases";
    }

    @PreAuthorize("hasRole('DUTY')")
    @Audited(value = "warning.lead", object = "warning-lead")
    @PostMapping("/leads")
    String typedIn(@RequestParam String phone, @RequestParam String district, @RequestParam(required = false) String source,
                   @RequestParam(required = false) String fraudType, @RequestParam(required = false) Integer age,
                   @RequestParam(required = false) String gender, @RequestParam(required = false) BigDecimal amountAtRisk,
                   @RequestParam(required = false) String relativePhone, @RequestParam(required = false) String note,
                   Authentication auth, RedirectAttributes redirect) {
        try {
            LeadResult result = leads.receive(List.of(new LeadDraft(null, phone, district, source, fraudType, null, age, gender, null, amountAtRisk,
                    relativePhone, null, note)), LeadVia.DESK, auth.getName()).get(0);
            redirect.addFlashAttribute("notice", result.joined() ? "warnings.lead.joined" : "warnings.lead.opened");
            return "redirect:/warnings/cases/" + result.caseId();
        } catch (LeadRejectedException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/warnings";
        }
    }

    @PreAuthorize("hasRole('DUTY')")
    @Audited(value = "warning.import", object = "warning-lead")
    @PostMapping("/import")
    String importFile(@RequestParam("file") MultipartFile file, Authentication auth, RedirectAttributes redirect) throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
        Path upload = Files.createTempFile("qiandai-leads-", ".tmp");
        try {
            file.transferTo(upload);
            redirect.addFlashAttribute("imported", imports.importFile(upload, name, auth.getName()));
        } catch (ImportRefusedException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        } finally {
            Files.deleteIfExists(upload);
        }
        return "redirect:/warnings";
    }

    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @GetMapping("/tasks")
    String tasks(Authentication auth, Model model) {
        model.addAttribute("tasks", cases.tasks(viewers.of(auth), true));
        model.addAttribute("outcomes", TaskOutcome.values());
        return "warnings/tasks";
    }

    /** The outcome form's post, for a browser without scripts (the page's script records it through the API). */
    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @Audited(value = "warning.outcome", object = "warning-task")
    @PostMapping("/tasks/{id}/outcome")
    String outcome(@PathVariable String id, @RequestParam String outcome, @RequestParam(required = false) BigDecimal amount,
                   @RequestParam(required = false) String note, Authentication auth, RedirectAttributes redirect) {
        try {
            cases.recordOutcome(id, outcome, amount, note, viewers.of(auth));
            redirect.addFlashAttribute("notice", "warnings.outcome.recorded");
        } catch (WarningRefusedException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/warnings/tasks";
    }

    @PreAuthorize("hasAnyRole('OFFICER', 'DUTY')")
    @GetMapping("/cases/{id}")
    String one(@PathVariable String id, Authentication auth, Model model) {
        try {
            model.addAttribute("c", cases.get(id, viewers.of(auth)));
        } catch (WarningRefusedException e) {
            throw new ResponseStatusException(e.kind() == WarningRefusedException.Kind.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.FORBIDDEN,
                    e.getMessage());
        }
        model.addAttribute("outcomes", TaskOutcome.values());
        model.addAttribute("sms", LadderStep.SMS);
        return "warnings/case";
    }

    @PreAuthorize("hasAnyRole('LEADER', 'DUTY')")
    @GetMapping("/stats")
    String stats(@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                 @RequestParam(required = false, defaultValue = "district") String groupBy, Model model) {
        WarningStats.GroupBy by;
        try {
            by = WarningStats.GroupBy.parse(groupBy);
            model.addAttribute("report", stats.compute(from, to, by));
        } catch (IllegalArgumentException e) {
            model.addAttribute("problem", e.getMessage());
            by = WarningStats.GroupBy.DISTRICT;
            model.addAttribute("report", stats.compute(null, null, by));
        }
        model.addAttribute("groupBy", by.apiName());
        return "warnings/stats";
    }

    private static boolean has(Authentication auth, String role) {
        return auth.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }
}
