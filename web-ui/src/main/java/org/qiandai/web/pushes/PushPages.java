package org.qiandai.web.pushes;

import java.security.Principal;
import java.util.List;

import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.ExclusionReason;
import org.qiandai.campaign.pushes.PushRefusedException;
import org.qiandai.campaign.pushes.PushRequest;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.pushes.Schedule;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.templates.ChannelCatalog;
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
 * {@code /pushes}: every push with live counters; {@code /pushes/new?campaignId=} the form with the audience preview;
 * {@code /pushes/{id}} one push with pause, resume and cancel. {@code pushes/panel :: panel(pushes)} lists a
 * campaign's pushes for inclusion in its page.
 */
@Controller
class PushPages {

    private final Pushes pushes;
    private final Segments segments;
    private final ChannelCatalog channelCatalog;
    private final PushFailures failures;

    PushPages(Pushes pushes, Segments segments, ChannelCatalog channelCatalog, PushFailures failures) {
        this.pushes = pushes;
        this.segments = segments;
        this.channelCatalog = channelCatalog;
        this.failures = failures;
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    @GetMapping("/pushes")
    String list(@RequestParam(required = false) String campaignId, Model model) {
        model.addAttribute("pushes", pushes.list(campaignId == null || campaignId.isBlank() ? null : campaignId));
        model.addAttribute("campaignId", campaignId);
        model.addAttribute("statuses", DeliveryStatus.values());
        return "pushes/list";
    }

    @GetMapping("/pushes/new")
    @PreAuthorize("hasRole('PUBLICITY')")
    String form(@RequestParam(required = false) String campaignId, Model model) {
        model.addAttribute("campaignId", campaignId);
        model.addAttribute("segments", segments.list());
        model.addAttribute("reasons", ExclusionReason.values());
        model.addAttribute("channels", channelCatalog.ids()); // the built-in ids, then the configured partners
        return "pushes/new";
    }

    @Audited(value = "push.schedule", object = "push")
    @PostMapping("/pushes/new")
    @PreAuthorize("hasRole('PUBLICITY')")
    String create(@RequestParam String campaignId, @RequestParam String channel, @RequestParam String templateId,
                  @RequestParam(required = false) List<String> segmentIds, @RequestParam(required = false) String at,
                  @RequestParam(required = false) String every, @RequestParam(required = false) String until,
                  Principal user, Model model) {
        try {
            Schedule.Repeat repeat = every == null || every.isBlank() ? null
                    : new Schedule.Repeat(Schedule.Every.valueOf(every), until == null || until.isBlank() ? null : java.time.LocalDate.parse(until));
            PushView push = pushes.create(campaignId, new PushRequest(channel, templateId, segmentIds == null ? List.of() : segmentIds,
                    new Schedule(at == null || at.isBlank() ? null : at, repeat)), user.getName());
            return "redirect:/pushes/" + push.id();
        } catch (PushRefusedException | IllegalArgumentException | java.time.DateTimeException e) {
            model.addAttribute("error", e.getMessage());
            return form(campaignId, model);
        }
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    @GetMapping("/pushes/{id}")
    String one(@PathVariable String id, Model model) {
        PushView push = pushes.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no push '" + id + "'"));
        model.addAttribute("push", push);
        model.addAttribute("statuses", DeliveryStatus.values());
        long total = push.counts().values().stream().mapToLong(Long::longValue).sum();
        long open = push.counts().get(DeliveryStatus.QUEUED) + push.counts().get(DeliveryStatus.SENDING);
        model.addAttribute("total", total);
        model.addAttribute("done", total - open);
        model.addAttribute("failures", failures.page(id, null, 50));
        return "pushes/detail";
    }

    @Audited(value = "push.{action}", object = "push")
    @PostMapping("/pushes/{id}/{action:pause|resume|cancel}")
    @PreAuthorize("hasRole('PUBLICITY')")
    String act(@PathVariable String id, @PathVariable String action, @RequestParam(required = false) String reason,
               Principal user, RedirectAttributes redirect) {
        try {
            switch (action) {
                case "pause" -> pushes.pause(id, user.getName());
                case "resume" -> pushes.resume(id, user.getName());
                default -> pushes.cancel(id, user.getName(), reason == null || reason.isBlank() ? null : reason);
            }
        } catch (PushRefusedException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/pushes/" + id;
    }
}
