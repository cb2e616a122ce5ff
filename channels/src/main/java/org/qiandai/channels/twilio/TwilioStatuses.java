package org.qiandai.channels.twilio;

import java.util.Locale;

import org.qiandai.campaign.deliveries.DeliveryStatus;

/** Twilio's message statuses as delivery statuses; {@code null} for those that say nothing new (queued, sending, accepted). */
final class TwilioStatuses {

    private TwilioStatuses() {
    }

    static DeliveryStatus toDelivery(String twilioStatus, String errorCode) {
        if (errorCode != null && errorCode.equals(Integer.toString(TwilioErrors.UNSUBSCRIBED))) {
            return DeliveryStatus.OPTED_OUT;
        }
        if (twilioStatus == null) {
            return null;
        }
        return switch (twilioStatus.toLowerCase(Locale.ROOT)) {
            case "sent" -> DeliveryStatus.SENT;
            case "delivered", "read" -> DeliveryStatus.DELIVERED;
            case "undelivered" -> DeliveryStatus.UNDELIVERED;
            case "failed", "canceled" -> DeliveryStatus.FAILED;
            default -> null;
        };
    }
}
