package org.qiandai.channels.twilio;

import java.util.Set;

import org.qiandai.channels.SendResult;

/**
 * What Twilio's answers mean for a send. HTTP 429 (code 20429) is throttling; any 5xx and the codes that mean "try
 * later" (30001 queue overflow, 14107 send rate exceeded, 20003/20005 credentials or account not usable now, 20500
 * internal error) are retried; 21610 is an unsubscribed recipient (an opt-out); every other 4xx fails at once with
 * its code (21211 invalid number, 21612 / 21614 not a mobile or unreachable, 21408 region not enabled, 21606 bad
 * From, 21617 too long, …).
 */
final class TwilioErrors {

    static final int UNSUBSCRIBED = 21610;
    private static final Set<Integer> TRY_LATER = Set.of(30001, 14107, 20003, 20005, 20500, 20503);

    private TwilioErrors() {
    }

    static SendResult classify(Integer httpStatus, Integer code, String message) {
        String c = code != null ? code.toString() : httpStatus != null ? "HTTP_" + httpStatus : "TWILIO_ERROR";
        if (httpStatus != null && httpStatus == 429 || code != null && code == 20429) {
            return SendResult.throttled(c, message);
        }
        if (code != null && code == UNSUBSCRIBED) {
            return SendResult.optedOut(c, message);
        }
        if (httpStatus != null && httpStatus >= 500 || code != null && TRY_LATER.contains(code)) {
            return SendResult.retry(c, message);
        }
        if (httpStatus != null && httpStatus >= 400) {
            return SendResult.permanent(c, message);
        }
        return SendResult.unknown(c, "unexpected answer " + httpStatus + ": " + message);
    }
}
