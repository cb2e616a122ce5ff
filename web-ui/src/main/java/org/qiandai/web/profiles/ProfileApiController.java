package org.qiandai.web.profiles;

import java.io.IOException;
import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import org.qiandai.campaign.cases.CaseSelection;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.targeting.CaseFeature;
import org.qiandai.targeting.ProfileParameters;
import org.qiandai.targeting.ProfileRun;
import org.qiandai.targeting.ProfileRunRejectedException;
import org.qiandai.targeting.ProfileRunStatus;
import org.qiandai.targeting.ProfileRunSummary;
import org.qiandai.targeting.ProfileRuns;
import org.qiandai.targeting.ProfileRunsBusyException;
import org.qiandai.targeting.ProfileScore;
import org.qiandai.targeting.SegmentDrafts;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Profiling runs for analysts: start, watch, cancel, read results and assignments, score a person, draft a segment. */
@RestController
@RequestMapping("/api/profiles")
@PreAuthorize("hasRole('ANALYST')")
class ProfileApiController {

    static final long DEFAULT_SEED = 1;

    /** The cases to profile; every field optional; dates as {@code yyyy-MM-dd}, inclusive. */
    record FilterRequest(String importBatchId, String from, String to, List<String> districts, List<String> fraudTypes) {
    }

    /** {@code k} null to choose it; {@code features} CaseFeature names (null for the defaults); {@code seed} default 1. */
    record StartRequest(FilterRequest filter, Integer k, List<String> features, Long seed, Integer minK, Integer maxK) {
    }

    record Started(String id, ProfileRunStatus status) {
    }

    private final ProfileRuns runs;
    private final SegmentDrafts drafts;

    ProfileApiController(ProfileRuns runs, SegmentDrafts drafts) {
        this.runs = runs;
        this.drafts = drafts;
    }

    @Audited(value = "profile.run", object = "profile-run")
    @PostMapping
    ResponseEntity<Started> start(@RequestBody(required = false) StartRequest request, Principal user) {
        StartRequest r = request == null ? new StartRequest(null, null, null, null, null, null) : request;
        ProfileParameters parameters = new ProfileParameters(r.k(), features(r.features()), r.seed() == null ? DEFAULT_SEED : r.seed(),
                r.minK() == null ? ProfileParameters.DEFAULT_MIN_K : r.minK(), r.maxK() == null ? ProfileParameters.DEFAULT_MAX_K : r.maxK());
        ProfileRun run = runs.start(selection(r.filter()), parameters, user.getName());
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/profiles/{id}").build(run.id()))
                .body(new Started(run.id(), run.status()));
    }

    @GetMapping
    List<ProfileRunSummary> list() {
        return runs.list();
    }

    @GetMapping("/{id}")
    ProfileRun one(@PathVariable String id) {
        return runs.find(id).orElseThrow(() -> notFound(id));
    }

    /** Every case of the run and its profile, as CSV streamed from the stored file. */
    @Audited(value = "export.assignments", object = "profile-run")
    @GetMapping("/{id}/assignments")
    void assignments(@PathVariable String id, HttpServletResponse response) throws IOException {
        ProfileRun run = runs.find(id).orElseThrow(() -> notFound(id));
        ProfileRuns.requireDone(run);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + id + "-assignments.csv\"");
        runs.copyAssignments(id, response.getOutputStream());
    }

    @Audited(value = "profile.cancel", object = "profile-run")
    @PostMapping("/{id}/cancel")
    ProfileRun cancel(@PathVariable String id) {
        ProfileRun run = runs.cancel(id).orElseThrow(() -> notFound(id));
        if (run.status() != ProfileRunStatus.CANCELLED) {
            throw new IllegalStateException("run " + id + " has already finished (" + run.status() + ")");
        }
        return run;
    }

    /** One person's attributes (camelCase feature names: age, gender, occupation, …) to the profile they fit best. */
    @PostMapping("/{id}/score")
    ProfileScore score(@PathVariable String id, @RequestBody(required = false) Map<String, Object> attributes) {
        return runs.score(id, attributes(attributes)).orElseThrow(() -> notFound(id));
    }

    @GetMapping("/{id}/profiles/{index}/segment-draft")
    SegmentDraft segmentDraft(@PathVariable String id, @PathVariable int index) {
        return drafts.draft(id, index).orElseThrow(() -> runs.find(id).isEmpty() ? notFound(id)
                : new ResponseStatusException(HttpStatus.NOT_FOUND, "run " + id + " has no profile " + index));
    }

    static CaseSelection selection(FilterRequest f) {
        if (f == null) {
            return CaseSelection.all();
        }
        return new CaseSelection(f.importBatchId(), date("filter.from", f.from()), date("filter.to", f.to()), f.districts(), f.fraudTypes());
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ProfileRunRejectedException(field + " = '" + text + "' is not a date as yyyy-MM-dd");
        }
    }

    static Set<CaseFeature> features(List<String> names) {
        if (names == null) {
            return null;
        }
        Set<CaseFeature> features = EnumSet.noneOf(CaseFeature.class);
        for (String name : names) {
            features.add(feature("features", name));
        }
        if (features.isEmpty()) {
            throw new ProfileRunRejectedException("features must name at least one feature, or be null for the defaults");
        }
        return features;
    }

    static Map<CaseFeature, String> attributes(Map<String, Object> body) {
        if (body == null || body.isEmpty()) {
            throw new ProfileRunRejectedException("the body must give at least one attribute, e.g. {\"age\": 67, \"occupation\": \"退休人员\"}");
        }
        Map<CaseFeature, String> attributes = new EnumMap<>(CaseFeature.class);
        body.forEach((key, value) -> {
            CaseFeature feature = feature(key, key);
            if (value == null || value.toString().isBlank()) {
                return;
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new ProfileRunRejectedException(key + " must be a single value");
            }
            if (feature.numeric()) {
                try {
                    new BigDecimal(value.toString().strip());
                } catch (NumberFormatException e) {
                    throw new ProfileRunRejectedException(key + " = '" + value + "' is not a number");
                }
            }
            attributes.put(feature, value.toString().strip());
        });
        return attributes;
    }

    /** {@code fraudType}, {@code FRAUD_TYPE} or {@code fraud_type} to {@link CaseFeature#FRAUD_TYPE}. */
    private static CaseFeature feature(String field, String name) {
        String constant = name == null ? "" : name.strip().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        try {
            return CaseFeature.valueOf(constant);
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            Arrays.stream(CaseFeature.values()).forEach(f -> known.add(camel(f)));
            throw new ProfileRunRejectedException(field + ": unknown feature '" + name + "'; known: " + String.join(", ", known));
        }
    }

    private static String camel(CaseFeature feature) {
        String[] parts = feature.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            s.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return s.toString();
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no profiling run '" + id + "'");
    }

    @ExceptionHandler(ProfileRunRejectedException.class)
    ResponseEntity<ApiError> rejected(ProfileRunRejectedException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ApiError> notReady(IllegalStateException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(ProfileRunsBusyException.class)
    ResponseEntity<ApiError> busy(ProfileRunsBusyException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e));
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(ApiError.of(status, message));
    }
}
