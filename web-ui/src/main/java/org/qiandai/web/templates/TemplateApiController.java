package org.qiandai.web.templates;

import java.security.Principal;
import java.util.List;

import org.qiandai.campaign.templates.TemplateCheck;
import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.TemplateView;
import org.qiandai.campaign.templates.Warnings;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Warnings: the publicity team writes them (with a live check for the editor); leaders and admins read them. */
@RestController
@RequestMapping("/api/templates")
@PreAuthorize("hasRole('PUBLICITY')")
class TemplateApiController {

    private final Warnings warnings;

    TemplateApiController(Warnings warnings) {
        this.warnings = warnings;
    }

    @Audited(value = "template.save", object = "template")
    @PostMapping
    ResponseEntity<TemplateView> save(@RequestBody(required = false) TemplateDraft draft, Principal user) {
        TemplateView saved = warnings.save(draft, user.getName());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/templates/{id}").build(saved.id()))
                .body(saved);
    }

    /** Counts, cleaning and every broken rule, saving nothing: what the editor shows as the user types. */
    @PostMapping("/preview")
    TemplateCheck preview(@RequestBody(required = false) TemplateDraft draft) {
        return warnings.check(draft);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER', 'ADMIN')")
    List<TemplateView> list() {
        return warnings.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER', 'ADMIN')")
    TemplateView one(@PathVariable String id) {
        return warnings.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no warning '" + id + "'"));
    }

    @Audited(value = "template.update", object = "template")
    @PutMapping("/{id}")
    TemplateView update(@PathVariable String id, @RequestBody(required = false) TemplateDraft draft, Principal user) {
        return warnings.update(id, draft, user.getName())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no warning '" + id + "'"));
    }
}
