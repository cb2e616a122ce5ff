package org.qiandai.web.pushes;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.pushes.AudienceSummary;
import org.qiandai.campaign.pushes.PushRefusedException;
import org.qiandai.campaign.pushes.PushRequest;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.web.ApiError;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Pushes: the publicity team previews, creates, pauses, resumes and cancels them; leaders read them. */
@RestController
@PreAuthorize("hasRole('PUBLICITY')")
class PushApiController {

    private final Pushes pushes;
    private final PushFailures failures;

    PushApiController(Pushes pushes, PushFailures failures) {
        this.pushes = pushes;
        this.failures = failures;
    }

    /** A push's failed deliveries with their codes, {@code limit} (≤ 200) at a time; {@code next} reads on. */
    @GetMapping("/api/pushes/{id}/failures")
    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    ResponseEntity<?> failures(@PathVariable String id, @org.springframework.web.bind.annotation.RequestParam(required = false) String after,
                               @org.springframework.web.bind.annotation.RequestParam(defaultValue = "50") int limit) {
        if (pushes.get(id).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(HttpStatus.NOT_FOUND, "no push '" + id + "'"));
        }
        return ResponseEntity.ok(failures.page(id, after, limit));
    }

    @PostMapping("/api/campaigns/{campaignId}/pushes/preview")
    Map<String, AudienceSummary> preview(@PathVariable String campaignId, @RequestBody(required = false) PushRequest request) {
        return Map.of("audience", pushes.preview(campaignId, request));
    }

    @Audited(value = "push.schedule", object = "push")
    @PostMapping("/api/campaigns/{campaignId}/pushes")
    ResponseEntity<PushView> create(@PathVariable String campaignId, @RequestBody(required = false) PushRequest request, Principal user) {
        PushView push = pushes.create(campaignId, request, user.getName());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/pushes/{id}").build(push.id()))
                .body(push);
    }

    @GetMapping("/api/campaigns/{campaignId}/pushes")
    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    List<PushView> ofCampaign(@PathVariable String campaignId) {
        return pushes.list(campaignId);
    }

    @GetMapping("/api/pushes")
    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    List<PushView> all() {
        return pushes.list(null);
    }

    @GetMapping("/api/pushes/{id}")
    @PreAuthorize("hasAnyRole('PUBLICITY', 'LEADER')")
    PushView one(@PathVariable String id) {
        return pushes.get(id).orElseThrow(() -> new PushRefusedException(PushRefusedException.Kind.NOT_FOUND, "no push '" + id + "'"));
    }

    @Audited(value = "push.pause", object = "push")
    @PostMapping("/api/pushes/{id}/pause")
    PushView pause(@PathVariable String id, Principal user) {
        return pushes.pause(id, user.getName());
    }

    @Audited(value = "push.resume", object = "push")
    @PostMapping("/api/pushes/{id}/resume")
    PushView resume(@PathVariable String id, Principal user) {
        return pushes.resume(id, user.getName());
    }

    /** Optional body {@code {"reason": "..."}}. */
    @Audited(value = "push.cancel", object = "push")
    @PostMapping("/api/pushes/{id}/cancel")
    PushView cancel(@PathVariable String id, @RequestBody(required = false) Map<String, String> body, Principal user) {
        return pushes.cancel(id, user.getName(), body == null ? null : body.get("reason"));
    }

    @ExceptionHandler(PushRefusedException.class)
    ResponseEntity<ApiError> refused(PushRefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(ApiError.of(status, e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e)));
    }
}
