package org.qiandai.campaign.warnings;

/** A request about a warning case or task that cannot be carried out, with the reason in words. */
public class WarningRefusedException extends RuntimeException {

    /** Why, so that the web layer can choose the status code. */
    public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT, INVALID }

    private final Kind kind;

    WarningRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
