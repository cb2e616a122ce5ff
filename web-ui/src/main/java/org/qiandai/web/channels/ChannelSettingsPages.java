package org.qiandai.web.channels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.qiandai.campaign.audit.AuditEntry;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.channels.settings.ChannelSetting;
import org.qiandai.channels.settings.ChannelSettings;
import org.qiandai.channels.settings.ChannelSettingsChange;
import org.qiandai.channels.settings.ChannelSettingsRejectedException;
import org.qiandai.channels.settings.ChannelSettingsView;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code ADMIN}'s channel settings page ({@code /channels/settings}): one card per channel with its settings in force,
 * where each comes from, its secrets as set or not set, a form to change them, and its latest changes from the audit
 * trail. Forms post with htmx (the card answers in place) or plainly (post/redirect/get).
 */
@Controller
@RequestMapping("/channels/settings")
@PreAuthorize("hasRole('ADMIN')")
class ChannelSettingsPages {

    /** Latest audit entries shown per channel. */
    static final int HISTORY = 5;
    /** A form's checkbox that asks to remove a stored secret: {@code clear=auth-token}. */
    static final String CLEAR = "clear";

    /**
     * One channel's card: its settings in force, the form's fields, its latest changes, and after a post what came of
     * it ({@code notice}, or {@code problem} naming {@code field}, with the values typed, secrets never among them).
     */
    record Card(ChannelSettingsView view, List<ChannelSetting> fields, List<AuditEntry> history, String notice, String problem, String field,
                Map<String, String> draft) {

        /** What a field of the form shows: what was typed before a refusal, else the value in force. */
        public String value(String name) {
            if (draft.containsKey(name)) {
                return draft.get(name);
            }
            Object v = view.settings().get(name);
            if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                return Long.toString(d.longValue());
            }
            return v == null ? "" : v.toString();
        }

        public boolean secretSet(String name) {
            return ChannelSettingsView.SET.equals(view.secrets().get(name));
        }

        public String source(String name) {
            return view.sources().getOrDefault(name, "default");
        }
    }

    private final ChannelSettings settings;
    private final AuditLog audit;

    ChannelSettingsPages(ChannelSettings settings, AuditLog audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @GetMapping
    String page(Model model) {
        // after a plain (not htmx) post: its outcome, once, on its channel's card
        Object outcome = model.getAttribute("outcomeChannel");
        String notice = (String) model.getAttribute("outcomeNotice");
        String problem = (String) model.getAttribute("outcomeProblem");
        model.addAttribute("cards", settings.list().stream()
                .map(v -> v.channel().equals(outcome) ? card(v, notice, problem, null, Map.of()) : card(v, null, null, null, Map.of())).toList());
        model.addAttribute("refreshSeconds", settings.refreshEvery().toSeconds());
        return "channels/settings";
    }

    @PostMapping("/{channel}")
    String change(@PathVariable String channel, @RequestParam MultiValueMap<String, String> form, Authentication auth, HttpServletRequest request,
                  @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect) {
        ChannelSettingsView before = view(channel);
        List<ChannelSetting> fields = settings.settingsOf(channel);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> draft = new LinkedHashMap<>();
        List<String> clear = form.getOrDefault(CLEAR, List.of());
        for (ChannelSetting s : fields) {
            String typed = form.getFirst(s.name());
            if (s.secret()) {
                if (clear.contains(s.name())) {
                    values.put(s.name(), null);
                } else if (typed != null && !typed.isEmpty()) {
                    values.put(s.name(), typed);
                }
            } else if (s.type() == ChannelSetting.Type.FLAG) {
                if (form.containsKey("_" + s.name()) || typed != null) {
                    values.put(s.name(), Boolean.toString(typed != null));
                }
            } else if (typed != null) {
                values.put(s.name(), typed);
                draft.put(s.name(), typed);
            }
        }
        Card card;
        try {
            ChannelSettingsView after = settings.change(channel, new ChannelSettingsChange(values), auth.getName(), request.getRemoteAddr());
            card = card(after, "channels.settings.saved", null, null, Map.of());
        } catch (ChannelSettingsRejectedException e) {
            if (e.reason() == ChannelSettingsRejectedException.Reason.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
            }
            card = card(before, null, e.getMessage(), e.field(), draft);
        }
        return answer(card, htmx, model, redirect);
    }

    @PostMapping("/{channel}/reset")
    String reset(@PathVariable String channel, Authentication auth, HttpServletRequest request,
                 @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect) {
        ChannelSettingsView before = view(channel);
        Card card;
        try {
            card = card(settings.reset(channel, auth.getName(), request.getRemoteAddr()), "channels.settings.resetDone", null, null, Map.of());
        } catch (ChannelSettingsRejectedException e) {
            card = card(before, null, e.getMessage(), e.field(), Map.of());
        }
        return answer(card, htmx, model, redirect);
    }

    private ChannelSettingsView view(String channel) {
        return settings.get(channel).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no channel '" + channel + "' has settings"));
    }

    private Card card(ChannelSettingsView view, String notice, String problem, String field, Map<String, String> draft) {
        return new Card(view, settings.settingsOf(view.channel()), audit.about(ChannelSettings.AUDIT_OBJECT, view.channel(), HISTORY), notice, problem,
                field, draft);
    }

    /** htmx: the card alone, in place; otherwise back to the page, which shows the outcome once. */
    private String answer(Card card, String htmx, Model model, RedirectAttributes redirect) {
        if ("true".equals(htmx)) {
            model.addAttribute("cards", List.of(card));
            return "channels/settings :: card";
        }
        redirect.addFlashAttribute("outcomeChannel", card.view().channel());
        redirect.addFlashAttribute("outcomeNotice", card.notice());
        redirect.addFlashAttribute("outcomeProblem", card.problem());
        return "redirect:/channels/settings";
    }
}
