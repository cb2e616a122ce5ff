package org.qiandai.campaign.pushes;

/** A push request or action that cannot be done, with the reason in words. */
public class PushRefusedException extends RuntimeException {

    public enum Kind { NOT_FOUND, INVALID, CONFLICT }

    private final Kind kind;

    public PushRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
