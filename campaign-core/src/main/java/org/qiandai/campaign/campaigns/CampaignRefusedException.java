package org.qiandai.campaign.campaigns;

/**
 * A campaign request refused. {@code reason} says which kind: bad input (400), not allowed for this user (403, e.g. the
 * submitter approving their own campaign), or not in this status / changed meanwhile (409); {@code rule} names the rule.
 */
public class CampaignRefusedException extends RuntimeException {

    public enum Reason { INVALID, FORBIDDEN, CONFLICT }

    private final Reason reason;
    private final String rule;

    public CampaignRefusedException(Reason reason, String rule, String message) {
        super(message);
        this.reason = reason;
        this.rule = rule;
    }

    public Reason reason() {
        return reason;
    }

    public String rule() {
        return rule;
    }

    static CampaignRefusedException invalid(String rule, String message) {
        return new CampaignRefusedException(Reason.INVALID, rule, message);
    }

    static CampaignRefusedException conflict(String rule, String message) {
        return new CampaignRefusedException(Reason.CONFLICT, rule, message);
    }

    static CampaignRefusedException forbidden(String rule, String message) {
        return new CampaignRefusedException(Reason.FORBIDDEN, rule, message);
    }
}
