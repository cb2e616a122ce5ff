package org.qiandai.web.segments;

import org.qiandai.campaign.contacts.Contacts;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.web.audit.Audited;
import org.qiandai.web.shell.Districts;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /segments}: the saved target audiences, their rules in words and where they came from; analysts may delete
 * them. {@code /segments/new} and {@code /segments/{id}/edit}: the editor over contact attributes, whose script counts
 * the matching contacts as the user edits and saves through {@code /api/segments}.
 */
@Controller
class SegmentPages {

    private final Segments segments;
    private final Contacts contacts;

    SegmentPages(Segments segments, Contacts contacts) {
        this.segments = segments;
        this.contacts = contacts;
    }

    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    @GetMapping("/segments")
    String list(@org.springframework.web.bind.annotation.RequestParam(required = false) String saved, Model model) {
        model.addAttribute("segments", segments.list());
        model.addAttribute("savedName", saved == null ? null : segments.get(saved).map(SegmentView::name).orElse(null));
        return "segments/list";
    }

    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    @GetMapping("/segments/new")
    String create(Model model) {
        return editor(null, model);
    }

    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    @GetMapping("/segments/{id}/edit")
    String edit(@PathVariable String id, Model model) {
        return editor(segments.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no segment '" + id + "'")), model);
    }

    private String editor(SegmentView existing, Model model) {
        model.addAttribute("existing", existing);
        model.addAttribute("districts", Districts.withPresent(contacts.presentValues("district")));
        model.addAttribute("occupations", contacts.presentValues("occupation"));
        model.addAttribute("educations", contacts.presentValues("education"));
        java.util.List<String> languages = new java.util.ArrayList<>(java.util.List.of("zh-CN", "en"));
        contacts.presentValues("language").stream().filter(l -> !languages.contains(l)).forEach(languages::add);
        model.addAttribute("languages", languages);
        return "segments/editor";
    }

    @Audited(value = "segment.delete", object = "segment")
    @PostMapping("/segments/{id}/delete")
    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        String name = segments.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no segment '" + id + "'")).name();
        segments.delete(id);
        redirect.addFlashAttribute("deleted", name);
        return "redirect:/segments";
    }
}
