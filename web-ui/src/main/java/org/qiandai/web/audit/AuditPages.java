package org.qiandai.web.audit;

import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.audit.AuditPage;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /audit}: the administrators' view of the audit trail, filtered like the API, with its downloads. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditPages {

    private final AuditLog audit;
    private final AuditSearch search;

    AuditPages(AuditLog audit, AuditSearch search) {
        this.audit = audit;
        this.search = search;
    }

    @GetMapping("/audit")
    String list(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String before, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("action", action);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        AuditPage page;
        try {
            page = audit.search(search.query(user, action, from, to, before, null));
        } catch (IllegalArgumentException e) {
            model.addAttribute("problem", e.getMessage());
            page = new AuditPage(java.util.List.of(), null);
        }
        model.addAttribute("entries", page.content());
        UriComponentsBuilder filters = UriComponentsBuilder.newInstance();
        add(filters, "user", user);
        add(filters, "action", action);
        add(filters, "from", from);
        add(filters, "to", to);
        String query = filters.build().getQuery();
        String suffix = query == null ? "" : "?" + query;
        model.addAttribute("next", page.next() == null ? null
                : "/audit" + (query == null ? "?" : suffix + "&") + "before=" + page.next());
        model.addAttribute("first", before == null ? null : "/audit" + suffix);
        model.addAttribute("csv", "/api/audit/export.csv" + suffix);
        model.addAttribute("xlsx", "/api/audit/export.xlsx" + suffix);
        return "audit/list";
    }

    private static void add(UriComponentsBuilder builder, String name, String value) {
        if (value != null && !value.isBlank()) {
            builder.queryParam(name, value.strip());
        }
    }
}
