package org.qiandai.analytics.targets;

/** A target that cannot be set as given, with a message saying which field and why. */
public class TargetRefusedException extends RuntimeException {

    public TargetRefusedException(String message) {
        super(message);
    }
}
