package org.qiandai.campaign.templates;

import java.time.Instant;

/**
 * A saved warning. {@code body} may hold variables such as {@code {district}} and {@code {hotline}}; for SMS,
 * {@code encoding} is GSM-7 or UCS-2 and {@code parts} the number of message parts of the body with its signature.
 * {@code channel} is a channel id, or {@code sms} for a warning any SMS channel may send. Fields may grow; these stay.
 */
public record WarningTemplate(String id, String name, String channel, String language, String body, String signature,
                              String encoding, int parts, Instant createdAt) {

    /** Whether this warning may go out through a channel: its own, or any {@code sms-*} channel for a generic SMS warning. */
    public boolean fitsChannel(String channelId) {
        return WarningChannel.fits(channel, channelId);
    }
}
