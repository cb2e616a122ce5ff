package org.qiandai.channels.partners;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import org.qiandai.campaign.templates.WarningChannel;

/**
 * One configured partner platform ({@code qiandai.channels.partners.<name>.*}): its name is its channel id in pushes;
 * {@code kind} ride-hailing or food-delivery (null: either); {@code rate} webhooks per second (0: no limit). The
 * secret lives in {@code signer}, which never shows it.
 */
public record Partner(String name, WarningChannel kind, boolean enabled, URI url, WebhookSigner signer, double rate,
                      Duration connectTimeout, Duration timeout, int maxAttempts, Duration retryDelay, Duration maxRetryDelay) {

    /** The warnings it shows: those for its kind (both kinds without one) and partner cards. */
    public Set<WarningChannel> warningsShown() {
        return kind == null ? Set.of(WarningChannel.RIDE_HAILING, WarningChannel.FOOD_DELIVERY, WarningChannel.PARTNER_CARD)
                : Set.of(kind, WarningChannel.PARTNER_CARD);
    }

    /** The wait before attempt {@code attempt + 1} after {@code attempt} failed: doubling from retryDelay, at most maxRetryDelay. */
    Duration backoff(int attempt) {
        Duration d = retryDelay;
        for (int i = 1; i < attempt && d.compareTo(maxRetryDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }
}
