package org.qiandai.campaign.partnerreports;

/** A receipt refused as a whole (nothing stored), with a message that says where: {@code reports[2].uniqueUsers: …}. */
public class PartnerReportRejectedException extends RuntimeException {

    public PartnerReportRejectedException(String message) {
        super(message);
    }
}
