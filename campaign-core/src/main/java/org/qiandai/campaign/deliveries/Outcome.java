package org.qiandai.campaign.deliveries;

import java.time.Instant;

/**
 * What a channel reports with a transition; every field may be null. {@code leaseOwner}/{@code leaseUntil} are set on
 * a claim (QUEUED → SENDING); {@code providerId} (Twilio's MessageSid, an SMPP message id) usually with SENT.
 */
public record Outcome(String providerId, String errorCode, String errorMessage, String leaseOwner, Instant leaseUntil) {

    public static final Outcome NONE = new Outcome(null, null, null, null, null);

    public static Outcome provider(String providerId) {
        return new Outcome(providerId, null, null, null, null);
    }

    public static Outcome error(String errorCode, String errorMessage) {
        return new Outcome(null, errorCode, errorMessage, null, null);
    }

    public static Outcome lease(String owner, Instant until) {
        return new Outcome(null, null, null, owner, until);
    }
}
