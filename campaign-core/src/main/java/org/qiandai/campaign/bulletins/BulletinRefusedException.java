package org.qiandai.campaign.bulletins;

/**
 * A bulletin or a review action refused as a whole: why ({@link #reason()}, which the web layer turns into a status),
 * the rule that refused it (e.g. {@code too-large}, {@code too-deep}) and a message saying what and where.
 */
public class BulletinRefusedException extends RuntimeException {

    /** Why, as the HTTP status it answers with. */
    public enum Reason {
        /** 400: the request itself is wrong (no page, a bad field value). */
        BAD_REQUEST,
        /** 404: no such bulletin or draft. */
        NOT_FOUND,
        /** 409: already imported, already decided, or the case number exists. */
        CONFLICT,
        /** 413: over a size limit. */
        TOO_LARGE,
        /** 415: not an HTML or text page. */
        UNSUPPORTED,
        /** 422: a page that cannot be read (too deeply nested, not text in any encoding). */
        UNREADABLE,
        /** 502/504: a page to fetch could not be had. */
        FETCH_FAILED
    }

    private final Reason reason;
    private final String rule;

    public BulletinRefusedException(Reason reason, String rule, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.rule = rule;
    }

    public Reason reason() {
        return reason;
    }

    public String rule() {
        return rule;
    }
}
