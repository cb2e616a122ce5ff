package org.qiandai.campaign.users;

/** A user account request that cannot be carried out, with the reason in words a user can act on. */
public class UserAccountException extends RuntimeException {

    /** Why, so that the web layer can choose the status code. */
    public enum Reason { INVALID, DUPLICATE, NOT_FOUND }

    private final Reason reason;

    UserAccountException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
