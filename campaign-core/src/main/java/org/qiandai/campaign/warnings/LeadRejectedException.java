package org.qiandai.campaign.warnings;

/** A lead refused by its checks, saying which field and why ({@code leads[2].phone: not a mobile number…}). */
public class LeadRejectedException extends RuntimeException {

    private final String field;
    private final String reason;

    LeadRejectedException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field as the request names it, e.g. {@code leads[2].phone}; null for the request as a whole. */
    public String field() {
        return field;
    }

    /** Why, without the field. */
    public String reason() {
        return reason;
    }

    /** The same refusal with the field under {@code prefix} ({@code phone} → {@code leads[2].phone}). */
    LeadRejectedException under(String prefix) {
        return new LeadRejectedException(field == null ? prefix : prefix + "." + field, reason);
    }
}
