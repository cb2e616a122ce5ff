package org.qiandai.campaign.cases;

/**
 * A file refused as a whole (too large, not what its name says, encrypted, a zip bomb, no header …); nothing was stored.
 * The message says what is wrong and, where it can, where.
 */
public class ImportRefusedException extends RuntimeException {

    /** Why, so that the web layer can choose the status code. */
    public enum Reason { TOO_LARGE, UNSUPPORTED_TYPE, UNREADABLE }

    private final Reason reason;
    private final transient ImportSummary summary;

    /** A refusal raised by another import (contacts) that reads files through {@link TabularFiles}. */
    public ImportRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    ImportRefusedException(Reason reason, String message, ImportSummary summary) {
        super(message);
        this.reason = reason;
        this.summary = summary;
    }

    public Reason reason() {
        return reason;
    }

    /** The failed batch as recorded. */
    public ImportSummary summary() {
        return summary;
    }
}
