package org.qiandai.web.channels;

import org.qiandai.channels.settings.ChannelSettingsRejectedException;
import org.qiandai.web.JsonBodyErrors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the channel settings API: 400 naming the setting ({@code field}: {@code rate}, {@code base-url} …; a
 * secret's value is never echoed), 404 for an unknown channel, 409 when concurrent changes kept racing.
 */
@RestControllerAdvice(assignableTypes = ChannelSettingsApiController.class)
class ChannelSettingsApiErrors {

    /** The body of a refusal: as {@link org.qiandai.web.ApiError}, plus the setting that is wrong (or null). */
    record FieldError(int status, String error, String message, String field) {

        static ResponseEntity<FieldError> of(HttpStatus status, String message, String field) {
            return ResponseEntity.status(status).body(new FieldError(status.value(), status.getReasonPhrase(), message, field));
        }
    }

    @ExceptionHandler(ChannelSettingsRejectedException.class)
    ResponseEntity<FieldError> rejected(ChannelSettingsRejectedException e) {
        return FieldError.of(ChannelSettingsApiController.status(e), e.getMessage(), e.field());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<FieldError> unreadable(HttpMessageNotReadableException e) {
        return FieldError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e), null);
    }
}
