package org.qiandai.web.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

import org.qiandai.campaign.cases.CaseFilter;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseQueries;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.cases.StoredCase;
import org.qiandai.web.audit.AuditTrail;
import org.qiandai.web.audit.Audited;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Case import and case reading for analysts. */
@RestController
@RequestMapping("/api/cases")
@PreAuthorize("hasRole('ANALYST')")
class CaseApiController {

    static final int MAX_PAGE_SIZE = 500;

    /** A file refused as a whole: why, and the failed batch that records it. */
    record ImportRefusal(int status, String error, String message, String batchId) {
    }

    private final CaseImports imports;
    private final CaseQueries queries;

    CaseApiController(CaseImports imports, CaseQueries queries) {
        this.imports = imports;
        this.queries = queries;
    }

    /** Imports one file; answers when done, or at once with 202 and the running batch when {@code async=true}. */
    @Audited(value = "case.import", object = "case-import")
    @PostMapping(path = "/import", consumes = "multipart/form-data")
    ResponseEntity<ImportSummary> importFile(@RequestPart("file") MultipartFile file,
                                             @RequestParam(defaultValue = "false") boolean async,
                                             Principal user) throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
        Path upload = Files.createTempFile("qiandai-upload-", ".tmp");
        try {
            file.transferTo(upload);
            if (async) {
                ImportSummary running = imports.startImport(upload, name, user.getName());
                AuditTrail.object(running.batchId());
                AuditTrail.details("file " + name + ", started");
                upload = null; // the background import owns and deletes it now
                return ResponseEntity.accepted()
                        .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/cases/imports/{id}").build(running.batchId()))
                        .body(running);
            }
            ImportSummary done = imports.importFile(upload, name, user.getName());
            AuditTrail.object(done.batchId());
            AuditTrail.details("file " + name + ": " + done.status() + ", rows " + done.rows() + ", imported " + done.imported()
                    + ", updated " + done.updated() + ", rejected " + done.rejected());
            return ResponseEntity.ok(done);
        } finally {
            if (upload != null) {
                Files.deleteIfExists(upload);
            }
        }
    }

    @GetMapping("/imports")
    List<ImportSummary> imports() {
        return imports.list();
    }

    @GetMapping("/imports/{batchId}")
    ImportSummary importBatch(@PathVariable String batchId) {
        return imports.find(batchId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no import '" + batchId + "'"));
    }

    @GetMapping
    PagedModel<StoredCase> cases(@RequestParam(required = false) String district,
                                 @RequestParam(required = false) String fraudType,
                                 @RequestParam(required = false) String occupation,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                 @RequestParam(required = false) String importBatchId,
                                 @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be ≥ 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        CaseFilter filter = new CaseFilter(district, fraudType, occupation, from, to, importBatchId);
        return new PagedModel<>(queries.find(filter, PageRequest.of(page, size)));
    }

    @GetMapping("/{caseNo}")
    StoredCase oneCase(@PathVariable String caseNo) {
        return queries.get(caseNo).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no case '" + caseNo + "'"));
    }

    @ExceptionHandler(ImportRefusedException.class)
    ResponseEntity<ImportRefusal> refused(ImportRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNREADABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        return ResponseEntity.status(status).body(new ImportRefusal(status.value(), status.getReasonPhrase(), e.getMessage(),
                e.summary() == null ? null : e.summary().batchId()));
    }
}
