package org.qiandai.web.templates;

import java.security.Principal;

import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.TemplateLockedException;
import org.qiandai.campaign.templates.TemplateRejectedException;
import org.qiandai.campaign.templates.TemplateVariables;
import org.qiandai.campaign.templates.TemplateView;
import org.qiandai.campaign.templates.WarningChannel;
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
 * {@code /templates}: the warnings, and the editor with its live counter (template-editor.js asks
 * {@code POST /api/templates/preview} as the user types; saving goes through the form, so the server stays the authority).
 */
@Controller
class TemplatePages {

    private final Warnings warnings;

    TemplatePages(Warnings warnings) {
        this.warnings = warnings;
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER', 'ADMIN')")
    @GetMapping("/templates")
    String list(Model model) {
        model.addAttribute("templates", warnings.list());
        return "templates/list";
    }

    @GetMapping("/templates/new")
    @PreAuthorize("hasRole('PUBLICITY')")
    String create(Model model) {
        return editor(model, null, new TemplateDraft("", "SMS", "zh-CN", "", warnings.defaultSignature()), null, null);
    }

    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER', 'ADMIN')")
    @GetMapping("/templates/{id}")
    String edit(@PathVariable String id, Model model) {
        TemplateView t = warnings.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no warning '" + id + "'"));
        model.addAttribute("saved", t);
        return editor(model, t, new TemplateDraft(t.name(), t.channel(), t.language(), t.body(), t.signature()), null, null);
    }

    @Audited(value = "template.save", object = "template")
    @PostMapping("/templates")
    @PreAuthorize("hasRole('PUBLICITY')")
    String save(@RequestParam(required = false) String name, @RequestParam(required = false) String channel,
                @RequestParam(required = false) String language, @RequestParam(required = false) String body,
                @RequestParam(required = false) String signature, Principal user, Model model, RedirectAttributes redirect) {
        TemplateDraft draft = new TemplateDraft(name, channel, language, body, signature);
        try {
            TemplateView saved = warnings.save(draft, user.getName());
            redirect.addFlashAttribute("notice", saved.name());
            redirect.addFlashAttribute("removed", saved.removed());
            return "redirect:/templates/" + saved.id();
        } catch (TemplateRejectedException e) {
            return editor(model, null, draft, e.rule(), e.getMessage());
        }
    }

    @Audited(value = "template.update", object = "template")
    @PostMapping("/templates/{id}")
    @PreAuthorize("hasRole('PUBLICITY')")
    String update(@PathVariable String id, @RequestParam(required = false) String name, @RequestParam(required = false) String channel,
                  @RequestParam(required = false) String language, @RequestParam(required = false) String body,
                  @RequestParam(required = false) String signature, Principal user, Model model, RedirectAttributes redirect) {
        TemplateDraft draft = new TemplateDraft(name, channel, language, body, signature);
        TemplateView old = warnings.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no warning '" + id + "'"));
        try {
            TemplateView saved = warnings.update(id, draft, user.getName()).orElseThrow();
            redirect.addFlashAttribute("notice", saved.name());
            redirect.addFlashAttribute("removed", saved.removed());
            return "redirect:/templates/" + id;
        } catch (TemplateRejectedException e) {
            model.addAttribute("saved", old);
            return editor(model, old, draft, e.rule(), e.getMessage());
        } catch (TemplateLockedException e) {
            model.addAttribute("saved", old);
            return editor(model, old, draft, "locked-by-campaign", e.getMessage());
        }
    }

    private String editor(Model model, TemplateView existing, TemplateDraft draft, String rule, String message) {
        model.addAttribute("existing", existing);
        model.addAttribute("draft", draft);
        model.addAttribute("check", warnings.check(draft));
        model.addAttribute("channels", WarningChannel.values());
        model.addAttribute("variables", TemplateVariables.allowed());
        model.addAttribute("defaultSignature", warnings.defaultSignature());
        model.addAttribute("refusedRule", rule);
        model.addAttribute("refusedMessage", message);
        return "templates/editor";
    }
}
