package org.qiandai.analytics.targets;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.qiandai.analytics.reach.ReachQueries;
import org.qiandai.analytics.reach.ReachRow;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.Campaigns;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Targets a leader sets for a year ({@code year:2026}) or a campaign ({@code campaign:<id>}) in
 * {@code analytics_targets}, and their progress read from the reach counters: people reached in the period (a
 * campaign's own reach for a campaign target) and actions held, in all and per district.
 */
@Service
public class Targets {

    static final String COLLECTION = "analytics_targets";
    static final long MAX_FIGURE = 100_000_000L;
    static final int MAX_DISTRICTS = 50;

    private final MongoTemplate mongo;
    private final ReachQueries reach;
    private final Campaigns campaigns;
    private final Clock clock;

    Targets(MongoTemplate mongo, ReachQueries reach, Campaigns campaigns, Clock clock) {
        this.mongo = mongo;
        this.reach = reach;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** Sets (or replaces) a year's target. */
    public TargetProgress setYear(int year, TargetDraft draft, String by) {
        if (year < 2000 || year > 2100) {
            throw new TargetRefusedException("year: " + year + " is not a year from 2000 to 2100");
        }
        store("year:" + year, "year", year, null, draft, by);
        return progress("year:" + year).orElseThrow();
    }

    /**
     * Sets (or replaces) a campaign's target.
     *
     * @throws NoSuchElementException for an unknown campaign
     */
    public TargetProgress setCampaign(String campaignId, TargetDraft draft, String by) {
        CampaignDetails campaign = campaigns.details(campaignId).orElseThrow(() -> new NoSuchElementException("no campaign '" + campaignId + "'"));
        store("campaign:" + campaign.id(), "campaign", null, campaign.id(), draft, by);
        return progress("campaign:" + campaign.id()).orElseThrow();
    }

    public boolean delete(String id) {
        return collection().deleteOne(eq("_id", id)).getDeletedCount() == 1;
    }

    private void store(String id, String scope, Integer year, String campaignId, TargetDraft draft, String by) {
        if (draft == null) {
            throw new TargetRefusedException("a target needs a body: {\"peopleReached\", \"actionsHeld\", \"districts\": {\"东河区\": {…}}}");
        }
        check("peopleReached", draft.peopleReached());
        check("actionsHeld", draft.actionsHeld());
        Document districts = new Document();
        Map<String, TargetDraft.Figures> given = draft.districts() == null ? Map.of() : draft.districts();
        if (given.size() > MAX_DISTRICTS) {
            throw new TargetRefusedException("districts: " + given.size() + " named; at most " + MAX_DISTRICTS);
        }
        for (Map.Entry<String, TargetDraft.Figures> e : given.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().strip();
            if (name.isEmpty() || name.length() > 50 || name.contains(".") || name.startsWith("$")) {
                throw new TargetRefusedException("districts: '" + e.getKey() + "' is not a district name (1–50 characters, no '.' or leading '$')");
            }
            TargetDraft.Figures f = e.getValue();
            if (f == null || (f.peopleReached() == null && f.actionsHeld() == null)) {
                throw new TargetRefusedException("districts." + name + ": give peopleReached, actionsHeld or both");
            }
            check("districts." + name + ".peopleReached", f.peopleReached());
            check("districts." + name + ".actionsHeld", f.actionsHeld());
            districts.append(name, new Document("peopleReached", f.peopleReached()).append("actionsHeld", f.actionsHeld()));
        }
        if (draft.peopleReached() == null && draft.actionsHeld() == null && districts.isEmpty()) {
            throw new TargetRefusedException("a target needs peopleReached, actionsHeld or districts");
        }
        Document doc = new Document("_id", id).append("scope", scope).append("year", year).append("campaignId", campaignId)
                .append("peopleReached", draft.peopleReached()).append("actionsHeld", draft.actionsHeld()).append("districts", districts)
                .append("setBy", by).append("setAt", Date.from(clock.instant()));
        collection().replaceOne(eq("_id", id), doc, new ReplaceOptions().upsert(true));
    }

    private static void check(String field, Long value) {
        if (value != null && (value < 0 || value > MAX_FIGURE)) {
            throw new TargetRefusedException(field + ": " + value + " is not a whole number from 0 to " + MAX_FIGURE);
        }
    }

    public Optional<TargetProgress> progress(String id) {
        return Optional.ofNullable(collection().find(eq("_id", id)).first()).map(this::progress);
    }

    /** The year's target and the targets of campaigns whose period overlaps the year, each with its progress. */
    public List<TargetProgress> ofYear(int year) {
        List<TargetProgress> result = new ArrayList<>();
        progress("year:" + year).ifPresent(result::add);
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        for (Document d : collection().find(eq("scope", "campaign")).sort(Sorts.ascending("_id"))) {
            TargetProgress p = progress(d);
            if (p.from() != null && !p.from().isAfter(last) && !p.to().isBefore(first)) {
                result.add(p);
            }
        }
        return result;
    }

    private TargetProgress progress(Document d) {
        String scope = d.getString("scope");
        Integer year = d.getInteger("year");
        String campaignId = d.getString("campaignId");
        LocalDate from;
        LocalDate to;
        String name = null;
        if ("year".equals(scope)) {
            from = LocalDate.of(year, 1, 1);
            to = LocalDate.of(year, 12, 31);
        } else {
            Optional<CampaignDetails> c = campaigns.details(campaignId);
            from = c.map(CampaignDetails::from).orElse(null);
            to = c.map(CampaignDetails::to).orElse(null);
            name = c.map(CampaignDetails::name).orElse(campaignId);
        }
        LocalDate today = LocalDate.now(clock);
        ReachRow total = null;
        Map<String, ReachRow> byDistrict = Map.of();
        double elapsed = 0;
        if (from != null && !from.isAfter(today)) {
            LocalDate until = to.isBefore(today) ? to : today;
            total = reach.totals(from, until, campaignId, null);
            byDistrict = reach.byDistrict(from, until, campaignId);
            elapsed = Math.min(1.0, (ChronoUnit.DAYS.between(from, until) + 1) / (double) (ChronoUnit.DAYS.between(from, to) + 1));
        }
        List<TargetProgress.District> districts = new ArrayList<>();
        Document ds = d.get("districts", Document.class);
        Map<String, Document> targets = new LinkedHashMap<>();
        if (ds != null) {
            ds.forEach((k, v) -> targets.put(k, (Document) v));
        }
        for (Map.Entry<String, Document> e : targets.entrySet()) {
            ReachRow row = byDistrict.get(e.getKey());
            districts.add(new TargetProgress.District(e.getKey(),
                    TargetProgress.Measure.of(number(e.getValue(), "peopleReached"), row == null ? 0 : row.measuredReach()),
                    TargetProgress.Measure.of(number(e.getValue(), "actionsHeld"), row == null ? 0 : row.actions())));
        }
        Date setAt = d.getDate("setAt");
        return new TargetProgress(d.getString("_id"), scope, year, campaignId, name, from, to, elapsed,
                TargetProgress.Measure.of(number(d, "peopleReached"), total == null ? 0 : total.measuredReach()),
                TargetProgress.Measure.of(number(d, "actionsHeld"), total == null ? 0 : total.actions()), districts, d.getString("setBy"),
                setAt == null ? null : setAt.toInstant());
    }

    private static Long number(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? null : n.longValue();
    }
}
