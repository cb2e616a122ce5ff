package org.qiandai.analytics.reach;

/** A reach question that cannot be answered as asked, with a message saying which parameter and why. */
public class ReachRefusedException extends RuntimeException {

    public ReachRefusedException(String message) {
        super(message);
    }
}
