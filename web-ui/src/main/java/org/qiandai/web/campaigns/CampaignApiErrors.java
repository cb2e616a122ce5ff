package org.qiandai.web.campaigns;

import org.qiandai.campaign.campaigns.CampaignNotFoundException;
import org.qiandai.campaign.campaigns.CampaignRefusedException;
import org.qiandai.web.JsonBodyErrors;
import org.qiandai.web.RuleError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the campaign API as {@link RuleError} bodies: 400 bad input, 403 the submitter reviewing, 409 wrong status or
 * changed meanwhile, 404 no such campaign. Apart from the controller so that its role checks do not guard the handlers.
 */
@RestControllerAdvice(assignableTypes = CampaignApiController.class)
class CampaignApiErrors {

    @ExceptionHandler(CampaignRefusedException.class)
    ResponseEntity<RuleError> refused(CampaignRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return RuleError.of(status, e.getMessage(), e.rule());
    }

    @ExceptionHandler(CampaignNotFoundException.class)
    ResponseEntity<RuleError> notFound(CampaignNotFoundException e) {
        return RuleError.of(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<RuleError> unreadable(HttpMessageNotReadableException e) {
        return RuleError.of(HttpStatus.BAD_REQUEST, JsonBodyErrors.describe(e), "json");
    }
}
