package org.qiandai.web.segments;

import java.security.Principal;
import java.util.List;

import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentRejectedException;
import org.qiandai.campaign.segments.SegmentView;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.web.ApiError;
import org.qiandai.web.JsonBodyErrors;
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

/** Segments: analysts save, change and delete them; the publicity team reads them. */
@RestController
@RequestMapping("/api/segments")
@PreAuthorize("hasRole('ANALYST')")
class SegmentApiController {

    private final Segments segments;

    SegmentApiController(Segments segments) {
        this.segments = segments;
    }

    @PostMapping
    ResponseEntity<SegmentView> save(@RequestBody(required = false) SegmentDraft draft, Principal user) {
        SegmentView saved = segments.save(draft, user.getName());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/segments/{id}").build(saved.id()))
                .body(saved);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    List<SegmentView> list() {
        return segments.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('ANALYST', 'PUBLICITY')")
    SegmentView one(@PathVariable String id) {
        return segments.get(id).orElseThrow(() -> notFound(id));
    }

    @PutMapping("/{id}")
    SegmentView update(@PathVariable String id, @RequestBody(required = false) SegmentDraft changes, Principal user) {
        return segments.update(id, changes, user.getName()).orElseThrow(() -> notFound(id));
    }

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
