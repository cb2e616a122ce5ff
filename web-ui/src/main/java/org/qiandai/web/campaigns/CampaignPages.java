package org.qiandai.web.campaigns;

import java.security.Principal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.qiandai.campaign.campaigns.Activities;
import org.qiandai.campaign.campaigns.Activity;
import org.qiandai.campaign.campaigns.ActivityDraft;
import org.qiandai.campaign.campaigns.ActivityKind;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.CampaignNotFoundException;
import org.qiandai.campaign.campaigns.CampaignRefusedException;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.templates.TemplateView;
import org.qiandai.campaign.templates.ChannelCatalog;
import org.qiandai.campaign.templates.Warnings;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /campaigns}: the list, the plan form, one campaign with its lifecycle buttons (by role and status), history and
 * activities, and {@code /campaigns/calendar}, a month grid of campaign periods and activities. Forms post here and
 * come back with a notice, or with the refusal's message.
 */
@Controller
class CampaignPages {

    private static final String PLANNER = "hasRole('PUBLICITY')";
    private static final String REVIEWER = "hasAnyRole('LEADER', 'ADMIN')";
    private static final String ANYONE = "hasAnyRole('PUBLICITY', 'LEADER', 'ADMIN')";
    private static final Set<CampaignStatus> CANCELLABLE = EnumSet.of(CampaignStatus.DRAFT, CampaignStatus.SUBMITTED,
            CampaignStatus.APPROVED, CampaignStatus.RUNNING, CampaignStatus.REJECTED);

    private final Campaigns campaigns;
    private final Activities activities;
    private final Warnings warnings;
    private final Segments segments;
    private final ChannelCatalog channelCatalog;
    private final Clock clock;

    CampaignPages(Campaigns campaigns, Activities activities, Warnings warnings, Segments segments, ChannelCatalog channelCatalog, Clock clock) {
        this.campaigns = campaigns;
        this.channelCatalog = channelCatalog;
        this.activities = activities;
        this.warnings = warnings;
        this.segments = segments;
        this.clock = clock;
    }

    @GetMapping("/campaigns")
    @PreAuthorize(ANYONE)
    String list(@RequestParam(required = false) CampaignStatus status, Model model) {
        model.addAttribute("campaigns", campaigns.list(status == null ? null : List.of(status), null, null));
        model.addAttribute("statuses", CampaignStatus.values());
        model.addAttribute("status", status);
        model.addAttribute("awaiting", campaigns.list(List.of(CampaignStatus.SUBMITTED), null, null).size());
        return "campaigns/list";
    }

    @GetMapping("/campaigns/new")
    @PreAuthorize(PLANNER)
    String create(Model model) {
        LocalDate start = LocalDate.now(clock).plusDays(1);
        return form(model, null, new CampaignDraft("", "", start, start.plusMonths(1), List.of(), List.of(), List.of(), List.of()), null);
    }

    @Audited(value = "campaign.create", object = "campaign")
    @PostMapping("/campaigns")
    @PreAuthorize(PLANNER)
    String save(@RequestParam Map<String, String> params, @RequestParam(required = false) List<String> segmentIds,
                @RequestParam(required = false) List<String> channels, @RequestParam(required = false) List<String> templateIds,
                Principal user, Model model, RedirectAttributes redirect) {
        CampaignDraft draft = draft(params, segmentIds, channels, templateIds);
        try {
            CampaignDetails created = campaigns.create(draft, user.getName());
            redirect.addFlashAttribute("notice", "created");
            return "redirect:/campaigns/" + created.id();
        } catch (CampaignRefusedException | DateTimeParseException e) {
            return form(model, null, draft, e.getMessage());
        }
    }

    @GetMapping("/campaigns/{id}/edit")
    @PreAuthorize(PLANNER)
    String edit(@PathVariable String id, Model model) {
        CampaignDetails c = load(id);
        return form(model, c, new CampaignDraft(c.name(), c.goal(), c.from(), c.to(), c.districts(), c.segmentIds(), c.channels(),
                c.templateIds()), null);
    }

    @Audited(value = "campaign.update", object = "campaign")
    @PostMapping("/campaigns/{id}/edit")
    @PreAuthorize(PLANNER)
    String revise(@PathVariable String id, @RequestParam Map<String, String> params, @RequestParam(required = false) List<String> segmentIds,
                  @RequestParam(required = false) List<String> channels, @RequestParam(required = false) List<String> templateIds,
                  Principal user, Model model, RedirectAttributes redirect) {
        CampaignDetails c = load(id);
        CampaignDraft draft = draft(params, segmentIds, channels, templateIds);
        try {
            campaigns.revise(id, draft, user.getName());
            redirect.addFlashAttribute("notice", "revised");
            return "redirect:/campaigns/" + id;
        } catch (CampaignRefusedException | DateTimeParseException e) {
            return form(model, c, draft, e.getMessage());
        }
    }

    @GetMapping("/campaigns/{id}")
    @PreAuthorize(ANYONE)
    String detail(@PathVariable String id, Principal user, Model model) {
        CampaignDetails c = load(id);
        model.addAttribute("c", c);
        Map<String, String> templateNames = warnings.list().stream().collect(Collectors.toMap(TemplateView::id, TemplateView::name));
        Map<String, String> segmentNames = segments.list().stream().collect(Collectors.toMap(SegmentView::id, SegmentView::name));
        model.addAttribute("templateNames", templateNames);
        model.addAttribute("segmentNames", segmentNames);
        List<Activity> list = activities.ofCampaign(id);
        model.addAttribute("activities", list);
        model.addAttribute("estimatedTotal", list.stream().mapToLong(Activity::estimatedAudience).sum());
        model.addAttribute("kinds", ActivityKind.values());
        model.addAttribute("cancellable", CANCELLABLE.contains(c.status()));
        model.addAttribute("ownSubmission", user.getName().equals(c.submittedBy()));
        model.addAttribute("canRecord", c.status() != CampaignStatus.CANCELLED && c.status() != CampaignStatus.REJECTED);
        return "campaigns/detail";
    }

    @Audited(value = "campaign.submit", object = "campaign")
    @PostMapping("/campaigns/{id}/submit")
    @PreAuthorize(PLANNER)
    String submit(@PathVariable String id, Principal user, RedirectAttributes redirect) {
        return act(id, redirect, "submitted", () -> campaigns.submit(id, user.getName()));
    }

    @Audited(value = "campaign.approve", object = "campaign")
    @PostMapping("/campaigns/{id}/approve")
    @PreAuthorize(REVIEWER)
    String approve(@PathVariable String id, Principal user, RedirectAttributes redirect) {
        return act(id, redirect, "approved", () -> campaigns.approve(id, user.getName()));
    }

    @Audited(value = "campaign.reject", object = "campaign")
    @PostMapping("/campaigns/{id}/reject")
    @PreAuthorize(REVIEWER)
    String reject(@PathVariable String id, @RequestParam(required = false) String reason, Principal user, RedirectAttributes redirect) {
        return act(id, redirect, "rejected", () -> campaigns.reject(id, user.getName(), reason));
    }

    @Audited(value = "campaign.cancel", object = "campaign")
    @PostMapping("/campaigns/{id}/cancel")
    @PreAuthorize(ANYONE)
    String cancel(@PathVariable String id, @RequestParam(required = false) String reason, Principal user, RedirectAttributes redirect) {
        return act(id, redirect, "cancelled", () -> campaigns.cancel(id, user.getName(), reason));
    }

    @Audited(value = "campaign.complete", object = "campaign")
    @PostMapping("/campaigns/{id}/complete")
    @PreAuthorize(PLANNER)
    String complete(@PathVariable String id, Principal user, RedirectAttributes redirect) {
        return act(id, redirect, "completed", () -> campaigns.complete(id, user.getName()));
    }

    @Audited(value = "activity.record", object = "campaign")
    @PostMapping("/campaigns/{id}/activities")
    @PreAuthorize(PLANNER)
    String record(@PathVariable String id, @RequestParam Map<String, String> params, @RequestParam(required = false) String kind,
                  Principal user, RedirectAttributes redirect) {
        return act(id, redirect, "recorded", () -> {
            ActivityKind k = blank(kind) ? null : ActivityKind.valueOf(kind);
            Integer audience;
            try {
                audience = blank(params.get("estimatedAudience")) ? null : Integer.valueOf(params.get("estimatedAudience").strip());
            } catch (NumberFormatException e) {
                audience = -1;
            }
            activities.record(id, new ActivityDraft(k, params.get("title"), params.get("place"), date(params.get("from")),
                    date(params.get("to")), districts(params.get("districts")), audience, params.get("notes")), user.getName());
        });
    }

    /** A month grid: weeks from Monday, each day with the campaigns running then and the activities on it. */
    @GetMapping("/campaigns/calendar")
    @PreAuthorize(ANYONE)
    String calendar(@RequestParam(required = false) String month, Model model) {
        YearMonth shown;
        try {
            shown = blank(month) ? YearMonth.now(clock) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            shown = YearMonth.now(clock);
        }
        LocalDate first = shown.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = shown.atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        List<CampaignDetails> active = campaigns.list(List.of(CampaignStatus.DRAFT, CampaignStatus.SUBMITTED, CampaignStatus.APPROVED,
                CampaignStatus.RUNNING, CampaignStatus.COMPLETED), first, last);
        List<Activity> acts = activities.find(first, last, null);
        Map<String, String> names = active.stream().collect(Collectors.toMap(CampaignDetails::id, CampaignDetails::name));
        LocalDate today = LocalDate.now(clock);
        List<List<Day>> weeks = new ArrayList<>();
        int monthValue = shown.getMonthValue();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
                weeks.add(new ArrayList<>());
            }
            LocalDate day = d;
            weeks.get(weeks.size() - 1).add(new Day(day, day.getMonthValue() == monthValue, day.equals(today),
                    active.stream().filter(c -> !day.isBefore(c.from()) && !day.isAfter(c.to())).toList(),
                    acts.stream().filter(a -> !day.isBefore(a.from()) && !day.isAfter(a.to())).toList()));
        }
        model.addAttribute("month", shown);
        model.addAttribute("previous", shown.minusMonths(1));
        model.addAttribute("next", shown.plusMonths(1));
        model.addAttribute("weeks", weeks);
        model.addAttribute("campaignNames", names);
        model.addAttribute("campaignsShown", active);
        YearMonth inMonth = shown;
        model.addAttribute("estimatedTotal", acts.stream().filter(a -> YearMonth.from(a.from()).equals(inMonth))
                .mapToLong(Activity::estimatedAudience).sum());
        return "campaigns/calendar";
    }

    /** One day of the calendar grid. */
    record Day(LocalDate date, boolean inMonth, boolean today, List<CampaignDetails> campaigns, List<Activity> activities) {
    }

    private String act(String id, RedirectAttributes redirect, String notice, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
        } catch (CampaignRefusedException | CampaignNotFoundException | DateTimeParseException | IllegalArgumentException e) {
            redirect.addFlashAttribute("refused", e.getMessage());
        }
        return "redirect:/campaigns/" + id;
    }

    private String form(Model model, CampaignDetails existing, CampaignDraft draft, String refused) {
        model.addAttribute("existing", existing);
        model.addAttribute("draft", draft);
        model.addAttribute("refused", refused);
        model.addAttribute("segments", segments.list());
        model.addAttribute("templates", warnings.list());
        model.addAttribute("channels", channelCatalog.ids()); // the built-in ids, then the configured partners
        return "campaigns/form";
    }

    private CampaignDetails load(String id) {
        return campaigns.details(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign '" + id + "'"));
    }

    private static CampaignDraft draft(Map<String, String> p, List<String> segmentIds, List<String> channels, List<String> templateIds) {
        return new CampaignDraft(p.get("name"), p.get("goal"), date(p.get("from")), date(p.get("to")), districts(p.get("districts")),
                orEmpty(segmentIds), orEmpty(channels), orEmpty(templateIds));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static LocalDate date(String s) {
        return blank(s) ? null : LocalDate.parse(s.strip());
    }

    /** 青山区、东河区 or 青山区, 东河区 or one per line. */
    static List<String> districts(String s) {
        if (blank(s)) {
            return List.of();
        }
        return Arrays.stream(s.split("[,，、;；\\s]+")).map(String::strip).filter(s2 -> !s2.isEmpty()).distinct().toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
