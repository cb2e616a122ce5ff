package org.qiandai.campaign.contacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.context.ApplicationEventPublisher;
import org.qiandai.campaign.store.InProcessReads;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The do-not-contact list in the {@code dnc} collection, {@code _id} the phone's keyed hash. Adding is idempotent:
 * the first entry's reason, source and time are kept. Sources: {@code manual}, {@code sms-reply} (STOP, 退订, TD),
 * {@code provider} (a provider's "unsubscribed"). A number newly listed publishes {@link DoNotContactAdded}.
 */
@Service
public class DoNotContactService implements DoNotContactList {

    static final String COLLECTION = "dnc";
    static final Set<String> SOURCES = Set.of("manual", "sms-reply", "provider");
    static final int MAX_REASON = 500;

    private final MongoTemplate mongo;
    private final PhoneCrypto crypto;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final InProcessReads inProcess;

    DoNotContactService(MongoTemplate mongo, PhoneCrypto crypto, Clock clock, ApplicationEventPublisher events, InProcessReads inProcess) {
        this.mongo = mongo;
        this.inProcess = inProcess;
        this.crypto = crypto;
        this.clock = clock;
        this.events = events;
    }

    /** For code running outside the application context (benchmarks, commands); publishes no events. */
    public static DoNotContactService create(MongoTemplate mongo, PhoneCrypto crypto, Clock clock) {
        return create(mongo, crypto, clock, InProcessReads.none());
    }

    /** As {@link #create(MongoTemplate, PhoneCrypto, Clock)}, looking numbers up in process when the store is embedded here. */
    public static DoNotContactService create(MongoTemplate mongo, PhoneCrypto crypto, Clock clock, InProcessReads inProcess) {
        return new DoNotContactService(mongo, crypto, clock, event -> { }, inProcess);
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    @Override
    public void add(String phone, String reason, String source, String by) {
        PhoneNumber number;
        try {
            number = PhoneNumber.parse(phone);
        } catch (PhoneNumber.Invalid e) {
            throw new ContactRejectedException("phone: " + e.getMessage());
        }
        put(crypto.hash(number.e164()), number.masked(), reason, source, by);
    }

    @Override
    public void addHash(String phoneHash, String reason, String source, String by) {
        if (phoneHash == null || phoneHash.isBlank()) {
            throw new ContactRejectedException("phoneHash is required");
        }
        Document contact = mongo.getCollection(ContactStore.COLLECTION).find(Filters.eq("_id", phoneHash))
                .projection(Projections.include("phoneMasked")).first();
        put(phoneHash, contact == null ? null : contact.getString("phoneMasked"), reason, source, by);
    }

    /** Adds a number and answers the entry as stored (the first one, if the number was already listed). */
    public DoNotContactEntry addEntry(String phone, String reason, String source, String by) {
        add(phone, reason, source, by);
        return entry(collection().find(Filters.eq("_id", crypto.hash(PhoneNumber.parse(phone).e164()))).first());
    }

    private void put(String hash, String masked, String reason, String source, String by) {
        String kind = source == null || source.isBlank() ? "manual" : source.strip();
        if (!SOURCES.contains(kind)) {
            throw new ContactRejectedException("source '" + kind + "' is not one of " + SOURCES);
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw new ContactRejectedException("reason must have at most " + MAX_REASON + " characters");
        }
        java.time.Instant now = clock.instant();
        var result = collection().updateOne(Filters.eq("_id", hash), Updates.combine(
                        Updates.setOnInsert("phoneMasked", masked), Updates.setOnInsert("reason", reason == null ? null : reason.strip()),
                        Updates.setOnInsert("source", kind), Updates.setOnInsert("addedBy", by),
                        Updates.setOnInsert("addedAt", Date.from(now))),
                new UpdateOptions().upsert(true));
        if (result.getUpsertedId() != null) {
            events.publishEvent(new DoNotContactAdded(hash, kind, now));
        }
    }

    @Override
    public boolean containsHash(String phoneHash) {
        return phoneHash != null && collection().find(Filters.eq("_id", phoneHash)).projection(Projections.include("_id")).first() != null;
    }

    @Override
    public Set<String> containingHashes(Collection<String> phoneHashes) {
        Set<String> found = new HashSet<>();
        if (phoneHashes == null || phoneHashes.isEmpty()) {
            return found;
        }
        if (inProcess.available()) {
            inProcess.withIds(mongo, COLLECTION, new HashSet<>(phoneHashes), Set.of()).forEach(d -> found.add(d.getString("_id")));
            return found;
        }
        collection().find(Filters.in("_id", new HashSet<>(phoneHashes))).projection(Projections.include("_id"))
                .forEach(d -> found.add(d.getString("_id")));
        return found;
    }

    /** Every entry of these sources (e.g. {@code sms-reply}, {@code provider}: the opt-outs), streamed, masked. */
    public void forEachFrom(Collection<String> sources, java.util.function.Consumer<DoNotContactEntry> each) {
        collection().find(Filters.in("source", List.copyOf(sources))).forEach(d -> each.accept(entry(d)));
    }

    /** The list, newest first. */
    public Page<DoNotContactEntry> list(Pageable pageable) {
        List<DoNotContactEntry> entries = new ArrayList<>();
        collection().find().sort(Sorts.descending("addedAt")).skip((int) pageable.getOffset()).limit(pageable.getPageSize())
                .forEach(d -> entries.add(entry(d)));
        return new PageImpl<>(entries, pageable, collection().countDocuments());
    }

    private static DoNotContactEntry entry(Document d) {
        return new DoNotContactEntry(d.getString("_id"), d.getString("phoneMasked"), d.getString("reason"), d.getString("source"),
                d.getString("addedBy"), d.getDate("addedAt") == null ? null : d.getDate("addedAt").toInstant());
    }
}
