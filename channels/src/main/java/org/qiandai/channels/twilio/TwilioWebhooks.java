package org.qiandai.channels.twilio;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.twilio.security.RequestValidator;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.Outcome;
import org.qiandai.channels.replies.InboundReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Twilio posts to us: status callbacks ({@value TwilioSettings#STATUS_PATH}) and inbound messages
 * ({@value TwilioSettings#INBOUND_PATH}). Each is first checked with the SDK's {@link RequestValidator} against
 * {@code X-Twilio-Signature} over the exact public URL ({@code qiandai.public-base-url} + path + query) and the form
 * parameters (with the auth token in force at that moment); a missing or wrong signature (or Twilio not enabled)
 * changes nothing. A status moves its delivery
 * forward only ({@link Deliveries#transition}: a late {@code sent} after {@code delivered} is ignored), records
 * {@code ErrorCode}, and 21610 (unsubscribed) puts the number on the do-not-contact list.
 */
public class TwilioWebhooks {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    /** How long a callback waits for the dispatcher to write the message sid it refers to (a callback can beat it). */
    static final Duration SID_WAIT = Duration.ofSeconds(3);

    /** What became of a status callback. */
    public enum Result { APPLIED, IGNORED, UNKNOWN_MESSAGE }

    private final Supplier<TwilioSettings> settings;
    private final Deliveries deliveries;
    private final DoNotContactList dnc;
    private final InboundReplies replies;

    /** Webhooks checked with the settings {@code settings} gives at each request (the auth token in force). */
    public TwilioWebhooks(Supplier<TwilioSettings> settings, Deliveries deliveries, DoNotContactList dnc, InboundReplies replies) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.dnc = dnc;
        this.replies = replies;
    }

    /** Whether Twilio signed this request: {@code path} as received, {@code query} its raw query string (or null). */
    public boolean signedByTwilio(String path, String query, Map<String, String> params, String signature) {
        TwilioSettings s = settings.get();
        if (!s.enabled() || s.authToken() == null || signature == null || signature.isBlank()) {
            return false;
        }
        return new RequestValidator(s.authToken()).validate(s.publicUrl(path, query), params, signature);
    }

    /** A status callback ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}), already verified. */
    public Result status(Map<String, String> params) {
        String sid = params.get("MessageSid");
        String errorCode = blankToNull(params.get("ErrorCode"));
        DeliveryStatus to = TwilioStatuses.toDelivery(params.get("MessageStatus"), errorCode);
        if (sid == null || sid.isBlank()) {
            return Result.IGNORED;
        }
        if (to == null) {
            return Result.IGNORED; // queued, sending, accepted: nothing we do not know
        }
        Optional<Delivery> delivery = findWaiting(sid);
        if (delivery.isEmpty()) {
            log.info("Twilio status {} for message {} that no delivery knows", params.get("MessageStatus"), sid);
            return Result.UNKNOWN_MESSAGE;
        }
        return apply(delivery.get(), to, errorCode, blankToNull(params.get("ErrorMessage"))) ? Result.APPLIED : Result.IGNORED;
    }

    /** Moves the delivery on (forward only), putting the number on the list on 21610. Shared with reconciliation. */
    boolean apply(Delivery delivery, DeliveryStatus to, String errorCode, String errorMessage) {
        if (to == DeliveryStatus.OPTED_OUT && delivery.phoneHash() != null) {
            dnc.addHash(delivery.phoneHash(), "Twilio 21610: unsubscribed", "provider", TwilioSender.CHANNEL);
        }
        Outcome outcome = errorCode == null ? Outcome.NONE : Outcome.error(errorCode, errorMessage == null ? "Twilio error " + errorCode : errorMessage);
        return deliveries.transition(delivery.id(), to, outcome);
    }

    private Optional<Delivery> findWaiting(String sid) {
        long until = System.nanoTime() + SID_WAIT.toNanos();
        while (true) {
            Optional<Delivery> d = deliveries.findByProviderId(sid);
            if (d.isPresent() || System.nanoTime() > until) {
                return d;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return d;
            }
        }
    }

    /** An inbound message ({@code From}, {@code Body}, {@code MessageSid}), already verified; answers whether it opted out. */
    public boolean inbound(Map<String, String> params) {
        return replies.record(TwilioSender.CHANNEL, params.get("MessageSid"), params.get("From"), params.get("Body"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
