package org.qiandai.campaign.partnerreports;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.store.StoreDurability;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Partner receipts and the figures they report. Every accepted receipt is kept as received in {@code partner_receipts}
 * ({@code _id = partner:webhookId}, so a webhook id is taken once per partner); its figures go to
 * {@code partner_reports}, one document per partner, push, district and day ({@code _id = partner:pushId:date:district}).
 * <p>
 * Repeated figures for the same key: <b>the report sent last replaces the earlier one</b> — partners report running
 * totals for a day, so a later receipt's figures are the better ones. "Last" is by the receipt's
 * {@code webhook-timestamp} (then its webhook id), not by arrival, so that receipts arriving out of order, or a
 * receipt completed again after a crash, leave the same figures. Each update is one conditional upsert; a figure that
 * a later stored one supersedes changes nothing. Each applied figure publishes {@link PartnerReportReceived} with the
 * figures it replaced.
 * <p>
 * A receipt is refused whole ({@link PartnerReportRejectedException}, nothing stored) unless every figure holds: the
 * push exists and goes out through this partner; impressions and unique users are whole numbers ≥ 0 and unique users
 * at most impressions; the date is neither after today (bureau clock) nor before the push was created; a district is
 * named (at most 50 characters) and no key repeats within the receipt; at most {@code qiandai.partner-reports.max-reports}
 * (1000) figures.
 */
@Service
public class PartnerReports {

    public static final String RECEIPTS = "partner_receipts";
    public static final String REPORTS = "partner_reports";
    static final int MAX_DISTRICT = 50;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final Pushes pushes;
    private final StoreDurability durability;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int maxReports;

    PartnerReports(MongoTemplate mongo, Pushes pushes, StoreDurability durability, ApplicationEventPublisher events, Clock clock,
                   @Value("${qiandai.partner-reports.max-reports:1000}") int maxReports) {
        this.mongo = mongo;
        this.pushes = pushes;
        this.durability = durability;
        this.events = events;
        this.clock = clock;
        this.maxReports = maxReports;
        reports().createIndex(Indexes.ascending("pushId"), new IndexOptions().name("pushId"));
        reports().createIndex(Indexes.ascending("campaignId"), new IndexOptions().name("campaignId"));
        receipts().createIndex(Indexes.ascending("receivedAt"), new IndexOptions().name("receivedAt"));
    }

    private MongoCollection<Document> receipts() {
        return mongo.getCollection(RECEIPTS);
    }

    private MongoCollection<Document> reports() {
        return mongo.getCollection(REPORTS);
    }

    /** Whether this partner's receipt with this webhook id was accepted before (a replay changes nothing). */
    public boolean seen(String partner, String webhookId) {
        Document raw = receipts().find(eq("_id", receiptId(partner, webhookId))).first();
        return raw != null && "APPLIED".equals(raw.getString("status"));
    }

    /**
     * Checks and stores a receipt: the raw receipt, then its figures. A webhook id seen before answers a duplicate
     * outcome and changes nothing (unless the earlier receipt was stopped before its figures were all applied: then
     * they are applied now, which gives the same result as the first time).
     *
     * @throws PartnerReportRejectedException naming where, with nothing stored
     */
    public ReceiptOutcome record(PartnerReceipt receipt) {
        if (seen(receipt.partner(), receipt.webhookId())) {
            return ReceiptOutcome.duplicate(receipt.webhookId(), receipt.pushId());
        }
        PushView push = check(receipt);
        Instant now = clock.instant();
        String id = receiptId(receipt.partner(), receipt.webhookId());
        Document raw = new Document("_id", id).append("partner", receipt.partner()).append("webhookId", receipt.webhookId())
                .append("pushId", receipt.pushId()).append("campaignId", push.campaignId()).append("sentAt", Date.from(receipt.sentAt()))
                .append("receivedAt", Date.from(now)).append("body", receipt.body()).append("reports", lines(receipt.reports()))
                .append("status", "RECEIVED");
        try {
            receipts().insertOne(raw);
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != DUPLICATE_KEY) {
                throw e;
            }
            Document earlier = receipts().find(eq("_id", id)).first();
            if (earlier == null || "APPLIED".equals(earlier.getString("status"))) {
                return ReceiptOutcome.duplicate(receipt.webhookId(), receipt.pushId());
            }
            raw = earlier; // stopped part-way before: apply what it carried
        }
        ReceiptOutcome outcome = apply(raw);
        durability.commit();
        return outcome;
    }

    private ReceiptOutcome apply(Document raw) {
        String partner = raw.getString("partner");
        String pushId = raw.getString("pushId");
        String campaignId = raw.getString("campaignId");
        String webhookId = raw.getString("webhookId");
        Date sentAt = raw.getDate("sentAt");
        Date receivedAt = raw.getDate("receivedAt");
        int added = 0;
        int replaced = 0;
        int superseded = 0;
        List<PartnerReportReceived> applied = new ArrayList<>();
        for (Document line : raw.getList("reports", Document.class)) {
            String district = line.getString("district");
            String date = line.getString("date");
            long impressions = ((Number) line.get("impressions")).longValue();
            long uniqueUsers = ((Number) line.get("uniqueUsers")).longValue();
            String key = partner + ":" + pushId + ":" + date + ":" + district;
            // replace only figures sent earlier (by webhook-timestamp, then webhook id); a later stored one stays
            var older = or(lt("sentAt", sentAt), and(eq("sentAt", sentAt), lt("webhookId", webhookId)));
            var update = Updates.combine(Updates.set("partner", partner), Updates.set("pushId", pushId),
                    Updates.set("campaignId", campaignId), Updates.set("district", district), Updates.set("date", date),
                    Updates.set("impressions", impressions), Updates.set("uniqueUsers", uniqueUsers), Updates.set("webhookId", webhookId),
                    Updates.set("sentAt", sentAt), Updates.set("receivedAt", receivedAt));
            Document before;
            try {
                before = reports().findOneAndUpdate(and(eq("_id", key), older), update,
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
            } catch (MongoCommandException | MongoWriteException e) {
                if (errorCode(e) != DUPLICATE_KEY) {
                    throw e;
                }
                // the key exists with figures sent later (or by this very receipt, applied before a crash)
                if (webhookId.equals(Optional.ofNullable(reports().find(eq("_id", key)).first()).map(d -> d.getString("webhookId")).orElse(null))) {
                    continue;
                }
                superseded++;
                continue;
            }
            long previousImpressions = before == null ? 0 : ((Number) before.get("impressions")).longValue();
            long previousUniqueUsers = before == null ? 0 : ((Number) before.get("uniqueUsers")).longValue();
            if (before == null) {
                added++;
            } else {
                replaced++;
            }
            applied.add(new PartnerReportReceived(partner, pushId, campaignId, district, LocalDate.parse(date), impressions, uniqueUsers,
                    previousImpressions, previousUniqueUsers, webhookId, receivedAt.toInstant()));
        }
        receipts().updateOne(eq("_id", raw.getString("_id")), Updates.combine(Updates.set("status", "APPLIED"),
                Updates.set("outcome", new Document("added", added).append("replaced", replaced).append("superseded", superseded))));
        applied.forEach(events::publishEvent);
        return new ReceiptOutcome(webhookId, pushId, false, added, replaced, superseded);
    }

    private static int errorCode(RuntimeException e) {
        return e instanceof MongoWriteException w ? w.getError().getCode() : ((MongoCommandException) e).getErrorCode();
    }

    private PushView check(PartnerReceipt r) {
        if (r.partner() == null || r.partner().isBlank() || r.webhookId() == null || r.webhookId().isBlank() || r.sentAt() == null) {
            throw new IllegalArgumentException("a receipt needs its partner, webhook id and timestamp");
        }
        if (r.pushId() == null || r.pushId().isBlank()) {
            throw rejected("pushId is required");
        }
        PushView push = pushes.get(r.pushId()).orElseThrow(() -> rejected("pushId: no push '" + r.pushId() + "'"));
        if (!r.partner().equals(push.channel())) {
            throw rejected("pushId: push '" + r.pushId() + "' goes out through " + push.channel() + ", not through partner " + r.partner());
        }
        if (r.reports() == null || r.reports().isEmpty()) {
            throw rejected("reports: name at least one {\"district\", \"impressions\", \"uniqueUsers\", \"date\"}");
        }
        if (r.reports().size() > maxReports) {
            throw rejected("reports: " + r.reports().size() + " figures; at most " + maxReports + " in one receipt (qiandai.partner-reports.max-reports)");
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate created = push.createdAt().atZoneSameInstant(clock.getZone()).toLocalDate();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < r.reports().size(); i++) {
            PartnerReceipt.Line line = r.reports().get(i);
            String where = "reports[" + i + "]";
            if (line == null) {
                throw rejected(where + " is empty");
            }
            if (line.district() == null || line.district().isBlank()) {
                throw rejected(where + ".district is required");
            }
            if (line.district().strip().length() > MAX_DISTRICT) {
                throw rejected(where + ".district has more than " + MAX_DISTRICT + " characters");
            }
            if (line.impressions() < 0) {
                throw rejected(where + ".impressions: " + line.impressions() + " is negative");
            }
            if (line.uniqueUsers() < 0) {
                throw rejected(where + ".uniqueUsers: " + line.uniqueUsers() + " is negative");
            }
            if (line.uniqueUsers() > line.impressions()) {
                throw rejected(where + ".uniqueUsers: " + line.uniqueUsers() + " is more than impressions (" + line.impressions()
                        + "): each user seen counts at least one impression");
            }
            if (line.date() == null) {
                throw rejected(where + ".date is required (yyyy-MM-dd)");
            }
            if (line.date().isAfter(today)) {
                throw rejected(where + ".date " + line.date() + " is in the future (today is " + today + " in " + clock.getZone() + ")");
            }
            if (line.date().isBefore(created)) {
                throw rejected(where + ".date " + line.date() + " is before the push was created (" + created + ")");
            }
            Integer earlier = keys.put(line.date() + ":" + line.district().strip(), i);
            if (earlier != null) {
                throw rejected(where + ": " + line.district().strip() + " on " + line.date() + " is reported twice (also reports[" + earlier + "])");
            }
        }
        return push;
    }

    private static List<Document> lines(List<PartnerReceipt.Line> lines) {
        List<Document> docs = new ArrayList<>(lines.size());
        for (PartnerReceipt.Line l : lines) {
            docs.add(new Document("district", l.district().strip()).append("impressions", l.impressions())
                    .append("uniqueUsers", l.uniqueUsers()).append("date", l.date().toString()));
        }
        return docs;
    }

    private static PartnerReportRejectedException rejected(String message) {
        return new PartnerReportRejectedException(message);
    }

    private static String receiptId(String partner, String webhookId) {
        return partner + ":" + webhookId;
    }

    // --- reading (analytics counts reported reach from these, and rebuilds its counters from them) ---

    /** The current figures one partner reported for a push, district and day, if any: one read by {@code _id}. */
    public Optional<PartnerReport> get(String partner, String pushId, LocalDate date, String district) {
        return Optional.ofNullable(reports().find(eq("_id", partner + ":" + pushId + ":" + date + ":" + district)).first())
                .map(PartnerReports::report);
    }

    /** The current figures of one push, by date then district. */
    public List<PartnerReport> ofPush(String pushId) {
        List<PartnerReport> result = new ArrayList<>();
        for (Document d : reports().find(eq("pushId", pushId)).sort(Sorts.ascending("date", "district"))) {
            result.add(report(d));
        }
        return result;
    }

    /** The current figures of one campaign's pushes (every partner), by date then district. */
    public List<PartnerReport> ofCampaign(String campaignId) {
        List<PartnerReport> result = new ArrayList<>();
        for (Document d : reports().find(eq("campaignId", campaignId)).sort(Sorts.ascending("date", "district"))) {
            result.add(report(d));
        }
        return result;
    }

    /** Every current figure, streamed in key order: what a counter rebuilt from scratch reads. */
    public void forEach(Consumer<PartnerReport> each) {
        for (Document d : reports().find().sort(Sorts.ascending("_id"))) {
            each.accept(report(d));
        }
    }

    /** The latest raw receipts of a partner (null: of every partner), newest first, at most {@code limit}. */
    public List<StoredReceipt> receipts(String partner, int limit) {
        List<StoredReceipt> result = new ArrayList<>();
        for (Document d : receipts().find(partner == null ? new Document() : eq("partner", partner)).sort(Sorts.descending("receivedAt")).limit(limit)) {
            Document o = d.get("outcome", Document.class);
            result.add(new StoredReceipt(d.getString("partner"), d.getString("webhookId"), d.getString("pushId"), d.getString("campaignId"),
                    d.getDate("sentAt").toInstant(), d.getDate("receivedAt").toInstant(), d.getString("body"), d.getString("status"),
                    o == null ? 0 : o.getInteger("added", 0), o == null ? 0 : o.getInteger("replaced", 0), o == null ? 0 : o.getInteger("superseded", 0)));
        }
        return result;
    }

    private static PartnerReport report(Document d) {
        return new PartnerReport(d.getString("partner"), d.getString("pushId"), d.getString("campaignId"), d.getString("district"),
                LocalDate.parse(d.getString("date")), ((Number) d.get("impressions")).longValue(), ((Number) d.get("uniqueUsers")).longValue(),
                d.getString("webhookId"), d.getDate("sentAt").toInstant(), d.getDate("receivedAt").toInstant());
    }
}
