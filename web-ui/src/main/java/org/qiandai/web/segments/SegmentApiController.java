package org.qiandai.web.segments;

import java.security.Principal;
import java.util.List;

import org.qiandai.campaign.contacts.Contacts;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.SegmentRejectedException;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.web.ApiError;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Segments: analysts (from victim profiles) and the publicity team (for campaigns) save, change, delete and read them;
 * one segment, and every save, answers with {@code count}, the number of contacts its rule matches now.
 */
@RestController
@RequestMapping("/api/segments")
@PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
class SegmentApiController {

    /** A segment with the number of contacts its rule matches now. */
    record CountedSegment(String id, String name, String description, SegmentRule rule, String ruleText,
                          org.qiandai.campaign.segments.SegmentInterest interest, org.qiandai.campaign.segments.SegmentSource source,
                          String createdBy, java.time.Instant createdAt, String updatedBy, java.time.Instant updatedAt, long count) {

        static CountedSegment of(SegmentView v, long count) {
            return new CountedSegment(v.id(), v.name(), v.description(), v.rule(), v.ruleText(), v.interest(), v.source(), v.createdBy(),
                    v.createdAt(), v.updatedBy(), v.updatedAt(), count);
        }
    }

    /** A rule to count without saving. */
    record RuleBody(SegmentRule rule) {
    }

    record Count(long count, String ruleText) {
    }

    private final Segments segments;
    private final Contacts contacts;

    SegmentApiController(Segments segments, Contacts contacts) {
        this.segments = segments;
        this.contacts = contacts;
    }

    @Audited(value = "segment.save", object = "segment")
    @PostMapping
    ResponseEntity<CountedSegment> save(@RequestBody(required = false) SegmentDraft draft, Principal user) {
        SegmentView saved = segments.save(draft, user.getName());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/segments/{id}").build(saved.id()))
                .body(counted(saved));
    }

    /** How many contacts a rule matches now, without saving it (the editor asks as the user edits). */
    @PostMapping("/count")
    Count count(@RequestBody(required = false) RuleBody body) {
        if (body == null || body.rule() == null) {
            throw new SegmentRejectedException("rule is required");
        }
        SegmentRule rule = body.rule().check();
        return new Count(contacts.count(rule), rule.describe(false));
    }

    @GetMapping
    List<SegmentView> list() {
        return segments.list();
    }

    @GetMapping("/{id}")
    CountedSegment one(@PathVariable String id) {
        return counted(segments.get(id).orElseThrow(() -> notFound(id)));
    }

    @Audited(value = "segment.update", object = "segment")
    @PutMapping("/{id}")
    CountedSegment update(@PathVariable String id, @RequestBody(required = false) SegmentDraft changes, Principal user) {
        return counted(segments.update(id, changes, user.getName()).orElseThrow(() -> notFound(id)));
    }

    private CountedSegment counted(SegmentView view) {
        return CountedSegment.of(view, contacts.count(view.rule()));
    }

    @Audited(value = "segment.delete", object = "segment")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!segments.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no segment '" + id + "'");
    }

    @ExceptionHandler(SegmentRejectedException.class)
    ResponseEntity<ApiError> rejected(SegmentRejectedException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        String message = JsonBodyErrors.describe(e);
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, message));
    }
}
