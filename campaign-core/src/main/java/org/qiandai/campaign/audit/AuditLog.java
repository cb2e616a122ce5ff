package org.qiandai.campaign.audit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Records what users do — signing in, changing users and roles, imports, profiling runs, segments, campaign
 * transitions and approvals, pushes, phone numbers revealed, exports, settings — in the {@code audit} collection, one
 * document each. Append-only: this class, the only writer, has no way to change or delete an entry.
 * {@code details} must hold no personal data in clear.
 * <p>
 * An entry's {@code _id} is {@code t} + its time (UTC, milliseconds, fixed width) + a suffix, so the ids sort as
 * time does and a period is a key range. The suffix is this instance's sequence number (so entries written in the same
 * millisecond keep their order) and random bits (so two instances never make the same id). Reading newest first walks back through the range in growing windows (an hour,
 * then four, sixteen …), each an {@code _id} range the embedded store reads by key, until the page is full: a page costs
 * what it holds and the windows it crossed, not the collection.
 */
@Service
public class AuditLog {

    static final String COLLECTION = "audit";
    /** Every id begins with this: entries written before ids were times (random UUIDs) sort below it. */
    static final String PREFIX = "t";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("t\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z(-[0-9a-f]+)?");
    private static final Duration FIRST_WINDOW = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sequence = new AtomicLong();

    AuditLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        adoptLegacyEntries();
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** Records one action now; {@code actor} is a username ({@code system} for the application itself). */
    public AuditEntry record(String actor, String action, String objectType, String objectId, String details, String remoteAddress) {
        Instant at = clock.instant();
        AuditEntry entry = new AuditEntry(newId(at), at, actor, action, objectType, objectId, details, remoteAddress);
        collection().insertOne(toDocument(entry));
        return entry;
    }

    /** The latest entries about one object, newest first (reads the whole collection: for tests and small stores). */
    public List<AuditEntry> about(String objectType, String objectId, int limit) {
        List<AuditEntry> result = new ArrayList<>();
        collection().find(Filters.and(Filters.eq("objectType", objectType), Filters.eq("objectId", objectId)))
                .sort(Sorts.descending("_id")).limit(limit).forEach(d -> result.add(toEntry(d)));
        return result;
    }

    /** The latest entries, newest first. */
    public List<AuditEntry> latest(int limit) {
        return search(new AuditQuery(null, null, null, null, null, limit)).content();
    }

    /** A page of the entries {@code query} selects, newest first. */
    public AuditPage search(AuditQuery query) {
        if (query.before() != null && !ID.matcher(query.before()).matches()) {
            throw new IllegalArgumentException("before: '" + query.before() + "' is not an audit entry id");
        }
        String lower = query.from() == null ? PREFIX : idAt(query.from());
        Document oldest = collection().find(Filters.gte("_id", PREFIX)).sort(Sorts.ascending("_id")).limit(1).first();
        if (oldest == null) {
            return new AuditPage(List.of(), null);
        }
        if (oldest.getString("_id").compareTo(lower) > 0) {
            lower = oldest.getString("_id");
        }
        String upper = query.to() == null ? PREFIX + "~" : idAt(query.to());
        if (query.before() != null && query.before().compareTo(upper) < 0) {
            upper = query.before();
        }
        Instant high = query.before() != null ? timeOf(query.before()) : query.to() != null ? query.to() : clock.instant().plusSeconds(1);
        List<AuditEntry> found = new ArrayList<>();
        Duration window = FIRST_WINDOW;
        String windowHigh = upper;
        while (found.size() <= query.limit() && windowHigh.compareTo(lower) > 0) {
            Instant windowStart = high.minus(window);
            String windowLow = windowStart.isBefore(timeOf(lower)) ? lower : idAt(windowStart);
            if (windowLow.compareTo(lower) < 0) {
                windowLow = lower;
            }
            List<Bson> filters = new ArrayList<>(List.of(Filters.gte("_id", windowLow), Filters.lt("_id", windowHigh)));
            if (query.user() != null) {
                filters.add(Filters.eq("actor", query.user()));
            }
            if (query.action() != null) {
                filters.add(query.action().endsWith("*")
                        ? Filters.regex("action", "^" + Pattern.quote(query.action().substring(0, query.action().length() - 1)))
                        : Filters.eq("action", query.action()));
            }
            collection().find(Filters.and(filters)).sort(Sorts.descending("_id")).limit(query.limit() + 1 - found.size())
                    .forEach(d -> found.add(toEntry(d)));
            windowHigh = windowLow;
            high = windowStart;
            window = window.multipliedBy(4);
        }
        if (found.size() > query.limit()) {
            List<AuditEntry> page = found.subList(0, query.limit());
            return new AuditPage(List.copyOf(page), page.get(page.size() - 1).id());
        }
        return new AuditPage(List.copyOf(found), null);
    }

    private String newId(Instant at) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return idAt(at) + "-" + String.format("%012x", sequence.getAndIncrement() & 0xFFFF_FFFF_FFFFL) + HexFormat.of().formatHex(suffix);
    }

    /** The smallest id an entry at {@code at} can have: ids of later entries sort after it. */
    static String idAt(Instant at) {
        return PREFIX + ID_TIME.format(at);
    }

    private static Instant timeOf(String id) {
        return Instant.parse(id.substring(PREFIX.length(), PREFIX.length() + 24));
    }

    /**
     * Entries written before ids began with their time (random UUIDs, which sort below {@link #PREFIX}) are given one, so
     * that every search finds them: a key range, empty after the first start of this version.
     */
    private void adoptLegacyEntries() {
        int adopted = 0;
        for (Document legacy : collection().find(Filters.lt("_id", PREFIX)).into(new ArrayList<>())) {
            if (!(legacy.get("at") instanceof Date at)) {
                continue;
            }
            Document copy = new Document(legacy);
            copy.put("_id", newId(at.toInstant()));
            collection().insertOne(copy);
            collection().deleteOne(Filters.eq("_id", legacy.get("_id")));
            adopted++;
        }
        if (adopted > 0) {
            log.info("Gave {} audit entries written by an earlier version time-ordered ids", adopted);
        }
    }

    private static Document toDocument(AuditEntry entry) {
        return new Document("_id", entry.id()).append("at", Date.from(entry.at())).append("actor", entry.actor())
                .append("action", entry.action()).append("objectType", entry.objectType()).append("objectId", entry.objectId())
                .append("details", entry.details()).append("remoteAddress", entry.remoteAddress());
    }

    private static AuditEntry toEntry(Document d) {
        return new AuditEntry(d.getString("_id"), d.getDate("at").toInstant(), d.getString("actor"), d.getString("action"),
                d.getString("objectType"), d.getString("objectId"), d.getString("details"), d.getString("remoteAddress"));
    }
}
