package org.qiandai.web.cases;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.qiandai.campaign.cases.CaseFilter;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.cases.StoredCase;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The case pages: the filtered list, one case, and the import page. The import itself runs through
 * {@code /api/cases/import} from the page's script, so that the browser can show upload and import progress.
 */
@Controller
class CasePages {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final CaseQueries cases;
    private final CaseImports imports;

    CasePages(CaseQueries cases, CaseImports imports) {
        this.cases = cases;
        this.imports = imports;
    }

    /** The list's filter as the form sent it; blank fields do not filter. Public, as templates call its methods. */
    public record CaseSearch(String district, String fraudType, String occupation, LocalDate from, LocalDate to, String importBatchId) {

        public CaseSearch {
            district = blankToNull(district);
            fraudType = blankToNull(fraudType);
            occupation = blankToNull(occupation);
            importBatchId = blankToNull(importBatchId);
        }

        CaseFilter toFilter() {
            return new CaseFilter(district, fraudType, occupation, from, to, importBatchId);
        }

        public boolean any() {
            return !toFilter().equals(CaseFilter.none());
        }

        /** {@code /cases} with this filter and the given page, for paging links that keep the filter. */
        String url(int page, int size) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/cases");
            add(uri, "district", district);
            add(uri, "fraudType", fraudType);
            add(uri, "occupation", occupation);
            add(uri, "from", from);
            add(uri, "to", to);
            add(uri, "importBatchId", importBatchId);
            uri.queryParam("page", page);
            if (size != DEFAULT_PAGE_SIZE) {
                uri.queryParam("size", size);
            }
            return uri.encode().build().toUriString();
        }

        private static void add(UriComponentsBuilder uri, String name, Object value) {
            if (value != null) {
                uri.queryParam(name, value);
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    /** Links for the pager; {@code null} where there is no such page. */
    public record Pager(int number, int totalPages, long totalElements, String previous, String next) {
    }

    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/cases")
    String list(@RequestParam(required = false) String district,
                @RequestParam(required = false) String fraudType,
                @RequestParam(required = false) String occupation,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to,
                @RequestParam(required = false) String importBatchId,
                @RequestParam(defaultValue = "0") int page,
                @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                Model model) {
        // Dates are parsed here, not bound: a hand-edited URL with a bad date gets the page and a notice, not a JSON 400.
        LocalDate fromDate = date(from);
        LocalDate toDate = date(to);
        if ((fromDate == null && from != null && !from.isBlank()) || (toDate == null && to != null && !to.isBlank())) {
            model.addAttribute("badDate", true);
        }
        CaseSearch search = new CaseSearch(district, fraudType, occupation, fromDate, toDate, importBatchId);
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        Page<StoredCase> found = cases.find(search.toFilter(), PageRequest.of(Math.max(page, 0), pageSize));
        Pager pager = new Pager(found.getNumber(), found.getTotalPages(), found.getTotalElements(),
                found.hasPrevious() ? search.url(found.getNumber() - 1, pageSize) : null,
                found.hasNext() ? search.url(found.getNumber() + 1, pageSize) : null);
        model.addAttribute("search", search);
        model.addAttribute("options", cases.filterOptions());
        model.addAttribute("cases", found.getContent());
        model.addAttribute("pager", pager);
        return "cases/list";
    }

    private static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/cases/{caseNo}")
    String one(@PathVariable String caseNo, Model model) {
        StoredCase found = cases.get(caseNo)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no case '" + caseNo + "'"));
        // A case names only its batch ids; the page shows what each batch was (file, who, when).
        List<ImportSummary> batches = Optional.ofNullable(found.importBatchIds()).orElse(List.of()).stream()
                .map(imports::find)
                .flatMap(Optional::stream)
                .filter(Objects::nonNull)
                .toList();
        model.addAttribute("kase", found);
        model.addAttribute("batches", batches);
        model.addAttribute("batchIds", Optional.ofNullable(found.importBatchIds()).orElse(List.of()));
        return "cases/detail";
    }

    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/cases/import")
    String importPage(Model model) {
        model.addAttribute("imports", imports.list());
        return "cases/import";
    }

    /** The past imports table alone, which the import page reloads (htmx) when an import finishes. */
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/cases/import/history")
    String importHistory(Model model) {
        model.addAttribute("imports", imports.list());
        return "cases/imports :: history";
    }
}
