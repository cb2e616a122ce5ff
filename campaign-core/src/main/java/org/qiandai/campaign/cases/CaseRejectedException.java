package org.qiandai.campaign.cases;

/** One case that cannot be added: the field that is wrong and why, or ({@link #exists()}) a case number already taken. */
public class CaseRejectedException extends RuntimeException {

    private final String field;
    private final boolean exists;

    CaseRejectedException(String field, String message, boolean exists) {
        super(message, null, false, false);
        this.field = field;
        this.exists = exists;
    }

    /** The record component that is wrong ({@code caseNo}, {@code reportDate}, {@code victimAge} …). */
    public String field() {
        return field;
    }

    public boolean exists() {
        return exists;
    }
}
