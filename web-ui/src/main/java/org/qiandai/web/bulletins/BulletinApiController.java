package org.qiandai.web.bulletins;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.bulletins.BulletinRefusedException;
import org.qiandai.campaign.bulletins.BulletinSummary;
import org.qiandai.campaign.bulletins.BulletinView;
import org.qiandai.campaign.bulletins.Bulletins;
import org.qiandai.campaign.bulletins.DraftView;
import org.qiandai.campaign.bulletins.DuplicateBulletinException;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.RuleError;
import org.qiandai.web.audit.AuditTrail;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Reading case bulletins into draft cases, and the review of those drafts, for analysts. */
@RestController
@RequestMapping("/api/cases/bulletins")
@PreAuthorize("hasRole('ANALYST')")
class BulletinApiController {

    /** A pasted page (HTML or plain text), or a URL to fetch when fetching is allowed. */
    record PastedBulletin(String html, String url, String source, String published) {
    }

    /** A refused bulletin that was read before: the usual refusal plus the bulletin kept then. */
    record DuplicateRefusal(int status, String error, String message, String rule, String bulletinId, String title,
                            LocalDate published) {
    }

    private final Bulletins bulletins;

    BulletinApiController(Bulletins bulletins) {
        this.bulletins = bulletins;
    }

    /** An uploaded page: multipart {@code file}, with optional {@code source} and {@code published} (yyyy-MM-dd). */
    @Audited(value = "bulletin.read", object = "bulletin")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    BulletinView upload(@RequestPart("file") MultipartFile file, @RequestParam(required = false) String source,
                        @RequestParam(required = false) String published, Principal user) throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
        bulletins.requireWithinSize(file.getSize(), name);
        return audited(bulletins.read(Bulletins.Input.file(file.getBytes(), name, source, date(published)), user.getName()));
    }

    /** A pasted page: JSON {@code {"html": "…", "source": "…", "published": "2025-03-24"}} (or {@code "url"} when allowed). */
    @Audited(value = "bulletin.read", object = "bulletin")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    BulletinView paste(@RequestBody PastedBulletin body, Principal user) {
        if (body.url() != null && !body.url().isBlank() && (body.html() == null || body.html().isBlank())) {
            return audited(bulletins.read(Bulletins.Input.fetched(body.url(), body.source(), date(body.published())), user.getName()));
        }
        return audited(bulletins.read(Bulletins.Input.pasted(body.html(), body.source(), date(body.published())), user.getName()));
    }

    @GetMapping
    List<BulletinSummary> list() {
        return bulletins.list();
    }

    @GetMapping("/vocabulary")
    Bulletins.VocabularyStatus vocabulary() {
        return bulletins.vocabulary();
    }

    @GetMapping("/{bulletinId}")
    BulletinView one(@PathVariable String bulletinId) {
        return bulletins.find(bulletinId).orElseThrow(() -> new BulletinRefusedException(BulletinRefusedException.Reason.NOT_FOUND,
                "not-found", "no bulletin '" + bulletinId + "'"));
    }

    @Audited(value = "bulletin.delete", object = "bulletin", id = "bulletinId")
    @DeleteMapping("/{bulletinId}")
    ResponseEntity<Void> delete(@PathVariable String bulletinId) {
        bulletins.delete(bulletinId);
        return ResponseEntity.noContent().build();
    }

    /** Confirms a draft, with corrections: {@code {"caseNo": "…", "fields": {"age": 52, "loss": 86000, "venue": null}}}. */
    @Audited(value = "bulletin.confirm", object = "bulletin", id = "bulletinId")
    @PostMapping("/{bulletinId}/drafts/{draftId}/confirm")
    ResponseEntity<Bulletins.Confirmation> confirm(@PathVariable String bulletinId, @PathVariable String draftId,
                                                   @RequestBody(required = false) Bulletins.Correction correction, Principal user) {
        Bulletins.Confirmation done = bulletins.confirm(bulletinId, draftId,
                correction == null ? new Bulletins.Correction(null, Map.of()) : correction, user.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/cases/{caseNo}").build(done.storedCase().caseNo());
        return ResponseEntity.created(location).body(done);
    }

    @Audited(value = "bulletin.discard", object = "bulletin", id = "bulletinId")
    @PostMapping("/{bulletinId}/drafts/{draftId}/discard")
    DraftView discard(@PathVariable String bulletinId, @PathVariable String draftId, Principal user) {
        return bulletins.discard(bulletinId, draftId, user.getName());
    }

    @Audited(value = "bulletin.reopen", object = "bulletin", id = "bulletinId")
    @PostMapping("/{bulletinId}/drafts/{draftId}/reopen")
    DraftView reopen(@PathVariable String bulletinId, @PathVariable String draftId, Principal user) {
        return bulletins.reopen(bulletinId, draftId, user.getName());
    }

    @ExceptionHandler(DuplicateBulletinException.class)
    ResponseEntity<DuplicateRefusal> duplicate(DuplicateBulletinException e) {
        BulletinSummary existing = e.existing();
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/cases/bulletins/{id}").build(existing.bulletinId());
        HttpStatus status = HttpStatus.CONFLICT;
        return ResponseEntity.status(status).location(location).body(new DuplicateRefusal(status.value(), status.getReasonPhrase(),
                e.getMessage(), e.rule(), existing.bulletinId(), existing.title(), existing.published()));
    }

    @ExceptionHandler(BulletinRefusedException.class)
    ResponseEntity<RuleError> refused(BulletinRefusedException e) {
        return RuleError.of(status(e), e.getMessage(), e.rule());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<RuleError> unreadable(HttpMessageNotReadableException e) {
        return RuleError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e), "bad-request");
    }

    static HttpStatus status(BulletinRefusedException e) {
        return switch (e.reason()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNREADABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case FETCH_FAILED -> "fetch-timeout".equals(e.rule()) ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        };
    }

    /** An optional {@code published} date as the request gives it. */
    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.BAD_REQUEST, "bad-request",
                    "published: '" + text + "' is not a date (write yyyy-MM-dd)");
        }
    }

    private static BulletinView audited(BulletinView read) {
        AuditTrail.object(read.bulletinId());
        return read;
    }
}
