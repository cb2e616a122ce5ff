package org.qiandai.web.analytics;

import java.security.Principal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.qiandai.analytics.Dashboard;
import org.qiandai.analytics.DashboardFilters;
import org.qiandai.analytics.effect.CaseTrends;
import org.qiandai.analytics.reach.Funnels;
import org.qiandai.analytics.reach.ReachRefusedException;
import org.qiandai.analytics.reports.ReportRefusedException;
import org.qiandai.analytics.reports.ReportSchedules;
import org.qiandai.analytics.reports.ScheduleDraft;
import org.qiandai.analytics.targets.TargetDraft;
import org.qiandai.analytics.targets.TargetProgress;
import org.qiandai.analytics.targets.TargetRefusedException;
import org.qiandai.analytics.targets.Targets;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.web.audit.Audited;
import org.qiandai.web.shell.Districts;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /dashboard}: the leaders' dashboard — headline figures against the previous period, reach over time and by
 * channel, district and target group, the push funnels, targets and progress, and the case trend with campaigns
 * marked (with a campaign chosen, its before/after comparison and caveats); filters for period, campaign and district;
 * the charts are drawn by {@code dashboard.js} from the API. {@code /reports}: weekly report schedules and the reports
 * they made. Leaders set targets and schedules here; everyone who reads the dashboard can download.
 */
@Controller
@PreAuthorize(AnalyticsApiController.READERS)
class DashboardPages {

    private final Dashboard dashboard;
    private final Funnels funnels;
    private final Targets targets;
    private final CaseTrends cases;
    private final Campaigns campaigns;
    private final ReportSchedules schedules;

    DashboardPages(Dashboard dashboard, Funnels funnels, Targets targets, CaseTrends cases, Campaigns campaigns, ReportSchedules schedules) {
        this.dashboard = dashboard;
        this.funnels = funnels;
        this.targets = targets;
        this.cases = cases;
        this.campaigns = campaigns;
        this.schedules = schedules;
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     @RequestParam(required = false) String campaignId, @RequestParam(required = false) String district, Model model) {
        DashboardFilters f = dashboard.defaults(from, to, campaignId, district);
        model.addAttribute("filters", f);
        model.addAttribute("campaigns", campaigns.list(List.of(CampaignStatus.APPROVED, CampaignStatus.RUNNING, CampaignStatus.COMPLETED), null, null));
        model.addAttribute("districts", Districts.BAOTOU);
        try {
            model.addAttribute("overview", dashboard.overview(f));
        } catch (ReachRefusedException e) {
            model.addAttribute("refused", e.getMessage());
            return "analytics/dashboard";
        }
        model.addAttribute("timeUnit", timeUnit(f));
        model.addAttribute("funnels", funnels.of(f.campaignId(), f.from(), f.to()));
        model.addAttribute("year", f.to().getYear());
        model.addAttribute("targetRows", targetRows(targets.ofYear(f.to().getYear())));
        if (f.campaignId() != null) {
            try {
                model.addAttribute("effect", cases.effect(f.campaignId(), null, f.district()));
            } catch (NoSuchElementException e) {
                model.addAttribute("refused", e.getMessage());
            }
        }
        model.addAttribute("query", query(f));
        return "analytics/dashboard";
    }

    /** One line of the targets table: a figure of a target, in all ({@code district} null) or in one district. */
    record TargetRow(String scope, Integer year, String campaignName, String district, String figure, TargetProgress.Measure measure,
                     double elapsed) {
    }

    static List<TargetRow> targetRows(List<TargetProgress> targets) {
        List<TargetRow> rows = new java.util.ArrayList<>();
        for (TargetProgress t : targets) {
            add(rows, t, null, "people", t.peopleReached());
            add(rows, t, null, "actions", t.actionsHeld());
            for (TargetProgress.District d : t.districts()) {
                add(rows, t, d.district(), "people", d.peopleReached());
                add(rows, t, d.district(), "actions", d.actionsHeld());
            }
        }
        return rows;
    }

    private static void add(List<TargetRow> rows, TargetProgress t, String district, String figure, TargetProgress.Measure m) {
        if (m.target() != null) {
            rows.add(new TargetRow(t.scope(), t.year(), t.campaignName(), district, figure, m, t.elapsed()));
        }
    }

    /** Days for up to a quarter, weeks up to about a year, months beyond. */
    static String timeUnit(DashboardFilters f) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(f.from(), f.to()) + 1;
        return days <= 92 ? "day" : days <= 400 ? "week" : "month";
    }

    /** The filters as query parameters for the API and the downloads. */
    static Map<String, String> query(DashboardFilters f) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("from", f.from().toString());
        q.put("to", f.to().toString());
        if (f.campaignId() != null) {
            q.put("campaignId", f.campaignId());
        }
        if (f.district() != null) {
            q.put("district", f.district());
        }
        return q;
    }

    /** The year target from the dashboard's form: people reached and actions held, in all and per district (blank: none). */
    @Audited(value = "settings.target", object = "target-year", id = "param:year")
    @PostMapping("/dashboard/targets")
    @PreAuthorize(AnalyticsApiController.LEADER)
    String setTarget(@RequestParam int year, @RequestParam Map<String, String> form, Principal user, RedirectAttributes redirect) {
        Map<String, TargetDraft.Figures> districts = new LinkedHashMap<>();
        for (String d : Districts.BAOTOU) {
            Long people = number(form.get("people." + d));
            Long actions = number(form.get("actions." + d));
            if (people != null || actions != null) {
                districts.put(d, new TargetDraft.Figures(people, actions));
            }
        }
        try {
            targets.setYear(year, new TargetDraft(number(form.get("peopleReached")), number(form.get("actionsHeld")), districts), user.getName());
            redirect.addFlashAttribute("notice", "targetSaved");
        } catch (TargetRefusedException | NumberFormatException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/dashboard#targets";
    }

    private static Long number(String value) {
        return value == null || value.isBlank() ? null : Long.valueOf(value.strip().replace(",", ""));
    }

    @GetMapping("/reports")
    String reports(Model model) {
        model.addAttribute("schedules", schedules.list());
        model.addAttribute("reports", schedules.reports(100));
        model.addAttribute("campaigns", campaigns.list(List.of(CampaignStatus.APPROVED, CampaignStatus.RUNNING, CampaignStatus.COMPLETED), null, null)
                .stream().map(CampaignDetails::view).toList());
        model.addAttribute("districts", Districts.BAOTOU);
        model.addAttribute("days", java.time.DayOfWeek.values());
        return "analytics/reports";
    }

    @Audited(value = "settings.schedule", object = "report-schedule")
    @PostMapping("/reports/schedules")
    @PreAuthorize(AnalyticsApiController.LEADER)
    String schedule(@RequestParam(required = false) String name, @RequestParam String dayOfWeek, @RequestParam String time,
                    @RequestParam String format, @RequestParam String language, @RequestParam(required = false) String campaignId,
                    @RequestParam(required = false) String district, Principal user, RedirectAttributes redirect) {
        try {
            schedules.create(new ScheduleDraft(name, dayOfWeek, time, format, language, campaignId, district), user.getName());
            redirect.addFlashAttribute("notice", "scheduleSaved");
        } catch (ReportRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/reports";
    }

    @Audited(value = "report.run", object = "report-schedule")
    @PostMapping("/reports/schedules/{id}/run")
    @PreAuthorize(AnalyticsApiController.LEADER)
    String run(@PathVariable String id, RedirectAttributes redirect) {
        try {
            schedules.runNow(id);
            redirect.addFlashAttribute("notice", "reportMade");
        } catch (NoSuchElementException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/reports";
    }

    @Audited(value = "settings.schedule-delete", object = "report-schedule")
    @PostMapping("/reports/schedules/{id}/delete")
    @PreAuthorize(AnalyticsApiController.LEADER)
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        schedules.delete(id);
        redirect.addFlashAttribute("notice", "scheduleDeleted");
        return "redirect:/reports";
    }
}
