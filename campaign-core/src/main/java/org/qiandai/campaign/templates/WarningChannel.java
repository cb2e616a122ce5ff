package org.qiandai.campaign.templates;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The channels a warning is written for, by the ids the channels module uses. {@link #SMS} ({@code sms}) is the
 * generic SMS warning: it fits every {@code sms-*} channel; the API accepts {@code "SMS"} (any case) for it.
 */
public enum WarningChannel {
    SMS("sms", Kind.SMS),
    SMS_TWILIO("sms-twilio", Kind.SMS),
    SMS_SMPP("sms-smpp", Kind.SMS),
    RIDE_HAILING("ride-hailing", Kind.TEXT),
    FOOD_DELIVERY("food-delivery", Kind.TEXT),
    MMS("mms", Kind.RICH),
    PARTNER_CARD("partner-card", Kind.RICH);

    /** SMS: counted in parts, signed; TEXT: plain text shown in a partner's app; RICH: HTML cleaned against an allow-list. */
    public enum Kind { SMS, TEXT, RICH }

    private final String id;
    private final Kind kind;

    WarningChannel(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code sms-twilio}, {@code SMS}, {@code Sms} … as a channel; empty for anything else. */
    public static Optional<WarningChannel> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(v)).findFirst();
    }

    /** Whether a warning written for {@code templateChannel} may go out through {@code channelId}. */
    public static boolean fits(String templateChannel, String channelId) {
        if (templateChannel == null || channelId == null) {
            return false;
        }
        return templateChannel.equals(channelId) || (SMS.id.equals(templateChannel) && channelId.startsWith("sms-"));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(WarningChannel::id).toList();
    }
}
