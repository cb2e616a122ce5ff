package org.qiandai.web.segments;

import org.qiandai.campaign.segments.Segments;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /segments}: the saved target audiences, their rules in words and where they came from; analysts may delete them. */
@Controller
class SegmentPages {

    private final Segments segments;

    SegmentPages(Segments segments) {
        this.segments = segments;
    }

    @GetMapping("/segments")
    String list(Model model) {
        model.addAttribute("segments", segments.list());
        return "segments/list";
    }

    @PostMapping("/segments/{id}/delete")
    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        String name = segments.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no segment '" + id + "'")).name();
        segments.delete(id);
        redirect.addFlashAttribute("deleted", name);
        return "redirect:/segments";
    }
}
