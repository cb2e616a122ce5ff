package org.qiandai.web.profiles;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.targeting.CaseFeature;
import org.qiandai.targeting.ProfileRun;
import org.qiandai.targeting.ProfileRuns;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The profiling pages: the runs with a form to start one ({@code /profiles}) and one run's profiles and charts
 * ({@code /profiles/{id}}). Starting, polling, charts and "save as segment" go through {@code /api/**} from the pages' scripts.
 */
@Controller
class ProfilePages {

    private final ProfileRuns runs;
    private final CaseQueries cases;
    private final CaseImports imports;

    ProfilePages(ProfileRuns runs, CaseQueries cases, CaseImports imports) {
        this.runs = runs;
        this.cases = cases;
        this.imports = imports;
    }

    @ModelAttribute("runTexts")
    RunTexts runTexts() {
        return new RunTexts();
    }

    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/profiles")
    String list(Model model) {
        model.addAttribute("runs", runs.list());
        model.addAttribute("options", cases.filterOptions());
        model.addAttribute("imports", imports.list());
        model.addAttribute("ks", IntStream.rangeClosed(2, 12).boxed().toList());
        model.addAttribute("features", CaseFeature.values());
        model.addAttribute("defaultFeatures", CaseFeature.defaults());
        return "profiles/list";
    }

    /** The runs table alone, which the list page reloads (htmx) when a run finishes. */
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/profiles/history")
    String history(Model model) {
        model.addAttribute("runs", runs.list());
        return "profiles/list :: runs";
    }

    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/profiles/{id}")
    String run(@PathVariable String id, Locale locale, Model model) {
        ProfileRun run = runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no profiling run '" + id + "'"));
        model.addAttribute("run", run);
        boolean english = Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
        // The segment form's condition labels, for the script: age=年龄|occupation=职业|…
        model.addAttribute("segmentLabels", Arrays.stream(SegmentField.values())
                .map(a -> a.key() + "=" + (english ? a.labelEn() : a.labelZh())).collect(Collectors.joining("|")));
        return "profiles/run";
    }
}
