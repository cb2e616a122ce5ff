package org.qiandai.channels.replies;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.contacts.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * SMS replies that reach us (Twilio's inbound webhook, an SMPP gateway's deliver_sm): each is recorded once in
 * {@code inbound_replies} ({@code _id = channel:providerMessageId}) with the sender's number masked and hashed, never
 * in clear; a reply that is one of the opt-out words {@code STOP}, {@code 退订}, {@code TD}, {@code 取消} (any case,
 * spaces and punctuation around it ignored) puts the sender on the do-not-contact list (source {@code sms-reply}).
 */
@Service
public class InboundReplies {

    public static final String COLLECTION = "inbound_replies";
    public static final Set<String> OPT_OUT_WORDS = Set.of("STOP", "退订", "TD", "取消");
    static final int MAX_TEXT = 70;
    private static final Pattern AROUND = Pattern.compile("^[\\s\\p{Punct}\\p{IsPunctuation}]+|[\\s\\p{Punct}\\p{IsPunctuation}]+$");
    private static final Logger log = LoggerFactory.getLogger(InboundReplies.class);

    private final MongoTemplate mongo;
    private final PhoneCrypto crypto;
    private final DoNotContactList dnc;
    private final Clock clock;

    InboundReplies(MongoTemplate mongo, PhoneCrypto crypto, DoNotContactList dnc, Clock clock) {
        this.mongo = mongo;
        this.crypto = crypto;
        this.dnc = dnc;
        this.clock = clock;
    }

    /** For code running outside the application context. */
    public static InboundReplies create(MongoTemplate mongo, PhoneCrypto crypto, DoNotContactList dnc, Clock clock) {
        return new InboundReplies(mongo, crypto, dnc, clock);
    }

    /** A recorded reply, as pages show it. */
    public record Reply(String id, String channel, String phoneMasked, String text, String optOutWord, Instant receivedAt) {
    }

    /** The opt-out word a reply is, if it is one. */
    public static Optional<String> optOutWord(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String word = AROUND.matcher(text.strip()).replaceAll("").toUpperCase(Locale.ROOT);
        return OPT_OUT_WORDS.contains(word) ? Optional.of(word) : Optional.empty();
    }

    /**
     * Records a reply (again for the same {@code messageId} changes nothing) and answers whether it was an opt-out.
     * A sender number that is not a phone number is recorded masked and not listed.
     */
    public boolean record(String channel, String messageId, String from, String text) {
        Optional<String> word = optOutWord(text);
        PhoneNumber number;
        try {
            number = PhoneNumber.parse(from);
        } catch (IllegalArgumentException e) {
            number = null;
        }
        String hash = number == null ? null : crypto.hash(number.e164());
        String masked = number == null ? mask(from) : number.masked();
        String id = channel + ":" + (messageId == null || messageId.isBlank() ? (hash + ":" + clock.millis()) : messageId);
        String kept = text == null ? null : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        mongo.getCollection(COLLECTION).updateOne(Filters.eq("_id", id), Updates.combine(
                        Updates.setOnInsert("channel", channel), Updates.setOnInsert("phoneHash", hash), Updates.setOnInsert("phoneMasked", masked),
                        Updates.setOnInsert("text", kept), Updates.setOnInsert("optOutWord", word.orElse(null)),
                        Updates.setOnInsert("receivedAt", Date.from(clock.instant()))),
                new UpdateOptions().upsert(true));
        if (word.isPresent() && number != null) {
            dnc.add(number.e164(), "SMS reply " + word.get(), "sms-reply", channel);
            log.info("Opt-out by SMS reply {} from {} on {}", word.get(), masked, channel);
        }
        return word.isPresent();
    }

    /** The latest replies on a channel (null: all), newest first. */
    public List<Reply> latest(String channel, int limit) {
        List<Reply> result = new ArrayList<>();
        mongo.getCollection(COLLECTION).find(channel == null ? new Document() : Filters.eq("channel", channel))
                .sort(Sorts.descending("receivedAt")).limit(limit)
                .forEach(d -> result.add(new Reply(d.getString("_id"), d.getString("channel"), d.getString("phoneMasked"), d.getString("text"),
                        d.getString("optOutWord"), d.getDate("receivedAt") == null ? null : d.getDate("receivedAt").toInstant())));
        return result;
    }

    private static String mask(String value) {
        if (value == null || value.length() < 4) {
            return "****";
        }
        return "****" + value.substring(value.length() - 4);
    }
}
