package org.qiandai.campaign.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.store.StoreDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Deletes contacts and de-identifies delivery records that are older than their retention age, and erases one person.
 * <p>
 * <b>De-identifying a delivery record</b> keeps what the counters count — push, occurrence, campaign, channel, district,
 * segment, status, the times in {@code at}, the error code — and removes what points at a person: the encrypted
 * number, the contact id (which is the phone's keyed hash), the provider's message id and the error message. The
 * phone hash becomes a pseudonym, {@code HMAC(hmac-key, "qiandai/retention/v1:" + phoneHash)} ("{@code x:…}"), and the
 * record's {@code _id} {@code pushId:occurrence:x:<pseudonym>} (the old one contained the hash): one person's records
 * still share one pseudonym, so a rebuild of the reach counters counts the same distinct people in any period that
 * holds only de-identified records, and the push counters and live reach counters are not touched at all. It is
 * de-identification, not anonymisation: whoever holds the HMAC key and a number can recompute the pseudonym. Written
 * as an insert of the new record (a duplicate key from an earlier interrupted run is fine), then the delete of the old,
 * so a crash in between leaves both until the next run (a rebuild meanwhile counts that person's records twice: the
 * pseudonym as another person).
 */
public class DataRetention {

    private static final Logger log = LoggerFactory.getLogger(DataRetention.class);
    static final String CONTACTS = "contacts";
    static final String PSEUDONYM_PREFIX = "x:";
    /** Records a dispatcher may still be working on are never touched. */
    static final Set<String> OPEN = Set.of(DeliveryStatus.QUEUED.name(), DeliveryStatus.SENDING.name());
    static final List<String> IDENTIFYING = List.of("encryptedPhone", "contactId", "providerId", "errorMessage", "leaseOwner", "leaseUntil", "queue", "retryAt");

    private final MongoTemplate mongo;
    private final PhoneCrypto crypto;
    private final StoreDurability durability;
    private final RetentionSettings settings;
    private final Clock clock;

    public DataRetention(MongoTemplate mongo, PhoneCrypto crypto, StoreDurability durability, RetentionSettings settings, Clock clock) {
        this.mongo = mongo;
        this.crypto = crypto;
        this.durability = durability;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one retention run did. */
    public record Result(Instant contactsBefore, long contactsDeleted, Instant deliveriesBefore, long deliveriesDeidentified, Instant at) {
    }

    /** What erasing one person did. */
    public record Erased(String contactId, boolean contactDeleted, long deliveriesDeidentified, long sendLogDeleted) {
    }

    public RetentionSettings settings() {
        return settings;
    }

    /** Applies both ages now (an age not set is skipped). */
    public Result run() {
        Instant now = clock.instant();
        Instant contactsBefore = settings.contacts() == null ? null : now.minus(settings.contacts());
        Instant deliveriesBefore = settings.deliveries() == null ? null : now.minus(settings.deliveries());
        long contacts = 0;
        if (contactsBefore != null) {
            Date cutoff = Date.from(contactsBefore);
            contacts = mongo.getCollection(CONTACTS).deleteMany(Filters.or(Filters.lt("updatedAt", cutoff),
                    Filters.and(Filters.exists("updatedAt", false), Filters.lt("createdAt", cutoff)))).getDeletedCount();
        }
        long deliveries = 0;
        if (deliveriesBefore != null) {
            deliveries = deidentify(Filters.and(Filters.lt("at." + DeliveryStatus.QUEUED.name(), Date.from(deliveriesBefore))));
        }
        durability.commit();
        Result result = new Result(contactsBefore, contacts, deliveriesBefore, deliveries, now);
        if (contacts > 0 || deliveries > 0) {
            log.info("Retention: deleted {} contacts not changed since {}, de-identified {} delivery records queued before {}",
                    contacts, contactsBefore, deliveries, deliveriesBefore);
        }
        return result;
    }

    /**
     * Erases one person: their contact record is deleted, every delivery record to them de-identified (also those a
     * push is still sending are left alone: see {@link #OPEN}) and their send log deleted. The push counters and the
     * reach counters keep what they counted. The caller puts the number on the do-not-contact list first.
     */
    public Erased erase(String contactId) {
        boolean deleted = mongo.getCollection(CONTACTS).deleteOne(Filters.eq("_id", contactId)).getDeletedCount() > 0;
        long deidentified = deidentify(Filters.or(Filters.eq("phoneHash", contactId), Filters.eq("contactId", contactId)));
        long sendLog = mongo.getCollection(Deliveries.SEND_LOG).deleteOne(Filters.eq("_id", contactId)).getDeletedCount();
        durability.commit();
        log.info("Erased a contact ({} record deleted, {} delivery records de-identified)", deleted ? "its" : "no", deidentified);
        return new Erased(contactId, deleted, deidentified, sendLog);
    }

    /** Whether any delivery record still names this contact (by contact id or phone hash). */
    public boolean hasRecordsOf(String contactId) {
        return mongo.getCollection(Deliveries.COLLECTION).find(Filters.or(Filters.eq("phoneHash", contactId), Filters.eq("contactId", contactId)))
                .limit(1).first() != null;
    }

    /** The pseudonym a phone hash becomes in a de-identified record. */
    public String pseudonym(String phoneHash) {
        return PSEUDONYM_PREFIX + crypto.hash("qiandai/retention/v1:" + phoneHash);
    }

    private long deidentify(Bson which) {
        MongoCollection<Document> collection = mongo.getCollection(Deliveries.COLLECTION);
        Bson filter = Filters.and(which, Filters.exists("phoneHash", true), Filters.ne("phoneHash", null),
                Filters.not(Filters.regex("phoneHash", "^" + PSEUDONYM_PREFIX)), Filters.nin("status", OPEN));
        long done = 0;
        while (true) {
            List<Document> batch = collection.find(filter).limit(settings.batchSize()).into(new ArrayList<>());
            if (batch.isEmpty()) {
                return done;
            }
            List<Document> replacements = new ArrayList<>(batch.size());
            List<Object> oldIds = new ArrayList<>(batch.size());
            for (Document d : batch) {
                oldIds.add(d.get("_id"));
                Document copy = new Document(d);
                IDENTIFYING.forEach(copy::remove);
                String pseudonym = pseudonym(d.getString("phoneHash"));
                copy.put("_id", d.getString("pushId") + ":" + d.get("occurrence") + ":" + pseudonym);
                copy.put("phoneHash", pseudonym);
                copy.put("deidentifiedAt", Date.from(clock.instant()));
                replacements.add(copy);
            }
            try {
                collection.insertMany(replacements, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                    throw e;
                }
            }
            done += collection.deleteMany(Filters.in("_id", oldIds)).getDeletedCount();
            durability.commit();
        }
    }
}
