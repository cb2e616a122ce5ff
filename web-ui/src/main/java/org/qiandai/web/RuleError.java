package org.qiandai.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The body of a request refused by a named rule: as {@link ApiError}, plus {@code rule} (e.g. {@code no-links}). */
public record RuleError(int status, String error, String message, String rule) {

    public static ResponseEntity<RuleError> of(HttpStatus status, String message, String rule) {
        return ResponseEntity.status(status).body(new RuleError(status.value(), status.getReasonPhrase(), message, rule));
    }
}
