package org.qiandai.analytics.reports;

/** A schedule that cannot be saved as given, with a message saying which field and why. */
public class ReportRefusedException extends RuntimeException {

    public ReportRefusedException(String message) {
        super(message);
    }
}
