package org.qiandai.web.pushes;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.springframework.stereotype.Component;

/**
 * A push's deliveries in a failure status with the provider's code, in {@code _id} order (an {@code _id} range of
 * the push): never a number, masked or not — the contact id says who.
 */
@Component
class PushFailures {

    static final Set<DeliveryStatus> STATUSES = EnumSet.of(DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED, DeliveryStatus.EXPIRED,
            DeliveryStatus.UNKNOWN, DeliveryStatus.OPTED_OUT);
    static final int MAX = 200;

    /** One failed delivery as pages and the API show it. */
    record Failure(String deliveryId, String contactId, int occurrence, DeliveryStatus status, String errorCode, String errorMessage, int attempts,
                   OffsetDateTime at) {
    }

    /** A page of failures and the {@code after} that reads the next one (null at the end). */
    record Page(List<Failure> content, String next) {
    }

    private final Deliveries deliveries;
    private final ZoneId zone;

    PushFailures(Deliveries deliveries, java.time.Clock clock) {
        this.deliveries = deliveries;
        this.zone = clock.getZone();
    }

    Page page(String pushId, String after, int limit) {
        int n = Math.max(1, Math.min(MAX, limit));
        List<Delivery> found = deliveries.ofPush(pushId, STATUSES, after == null || after.isBlank() ? null : after, n);
        List<Failure> content = found.stream().map(d -> new Failure(d.id(), d.contactId(), d.occurrence(), d.status(), d.errorCode(),
                d.errorMessage(), d.attempts(), d.at().get(d.status()) == null ? null : d.at().get(d.status()).atZone(zone).toOffsetDateTime())).toList();
        return new Page(content, found.size() < n ? null : found.get(found.size() - 1).id());
    }
}
