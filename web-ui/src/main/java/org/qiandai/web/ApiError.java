package org.qiandai.web;

import org.springframework.http.HttpStatus;

/** The body of every refused API request: the status and a message that says what and where. */
public record ApiError(int status, String error, String message) {

    public static ApiError of(HttpStatus status, String message) {
        return new ApiError(status.value(), status.getReasonPhrase(), message);
    }
}
