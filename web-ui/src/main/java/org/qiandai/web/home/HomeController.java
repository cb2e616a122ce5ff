package org.qiandai.web.home;

import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /}: analysts see how many cases are stored and the latest imports; others a welcome and their links. */
@Controller
class HomeController {

    static final int LATEST_IMPORTS = 5;

    private final CaseQueries cases;
    private final CaseImports imports;

    HomeController(CaseQueries cases, CaseImports imports) {
        this.cases = cases;
        this.imports = imports;
    }

    @GetMapping("/")
    String home(Authentication auth, Model model) {
        // Only analysts may read case data, so only their page asks for it.
        if (auth.getAuthorities().stream().anyMatch(a -> "ROLE_ANALYST".equals(a.getAuthority()))) {
            model.addAttribute("caseCount", cases.count());
            model.addAttribute("latestImports", imports.list().stream().limit(LATEST_IMPORTS).toList());
        }
        return "home";
    }
}
