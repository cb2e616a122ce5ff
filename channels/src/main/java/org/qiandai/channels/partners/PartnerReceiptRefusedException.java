package org.qiandai.channels.partners;

/**
 * A partner receipt refused, nothing changed: {@code NOT_FOUND} no such partner (404), {@code UNAUTHORIZED} a missing
 * or wrong signature or a timestamp outside the window (401), {@code INVALID} a body that is not the receipt JSON or
 * whose figures do not hold (400, saying where), {@code TOO_LARGE} over the size limit (413).
 */
public class PartnerReceiptRefusedException extends RuntimeException {

    public enum Kind { NOT_FOUND, UNAUTHORIZED, INVALID, TOO_LARGE }

    private final Kind kind;

    PartnerReceiptRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
