package org.qiandai.web.templates;

import org.qiandai.campaign.templates.TemplateLockedException;
import org.qiandai.campaign.templates.TemplateRejectedException;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.RuleError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals of the warnings API as {@link RuleError} bodies (400 naming the rule, 409 while a campaign holds the warning). */
@RestControllerAdvice(assignableTypes = TemplateApiController.class)
class TemplateApiErrors {

    @ExceptionHandler(TemplateRejectedException.class)
    ResponseEntity<RuleError> rejected(TemplateRejectedException e) {
        return RuleError.of(HttpStatus.BAD_REQUEST, e.getMessage(), e.rule());
    }

    @ExceptionHandler(TemplateLockedException.class)
    ResponseEntity<RuleError> locked(TemplateLockedException e) {
        return RuleError.of(HttpStatus.CONFLICT, e.getMessage(), "locked-by-campaign");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<RuleError> unreadable(HttpMessageNotReadableException e) {
        return RuleError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e), "json");
    }
}
