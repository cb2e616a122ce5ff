package org.qiandai.campaign.pushes;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignStatus;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.contacts.ContactAudience;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.support.RecordIds;
import org.qiandai.campaign.templates.ChannelCatalog;
import org.qiandai.campaign.templates.WarningTemplate;
import org.qiandai.campaign.templates.WarningTemplates;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * A campaign's pushes: preview the audience, schedule, read with live counters, pause, resume, cancel. Pushes are
 * created only for an APPROVED or RUNNING campaign; the {@link PushScheduler} queues their occurrences when due.
 * Cancelling turns every still-QUEUED delivery into CANCELLED (never sent); what a channel is already sending finishes.
 */
@Service
public class Pushes {
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
    private static final Set<CampaignStatus> PUSHABLE = EnumSet.of(CampaignStatus.APPROVED, CampaignStatus.RUNNING);
    private static final int LIST_LIMIT = 500;

    private final PushStore store;
    private final Deliveries deliveries;
    private final PushRules rules;
    private final ObjectProvider<CampaignLifecycle> campaigns;
    private final ObjectProvider<WarningTemplates> templates;
    private final ObjectProvider<ContactAudience> audience;
    private final ObjectProvider<DoNotContactList> doNotContact;
    private final ObjectProvider<ChannelCatalog> channelCatalog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int batchSize;
    private final String hotline;

    Pushes(PushStore store, Deliveries deliveries, PushRules rules, ObjectProvider<CampaignLifecycle> campaigns,
           ObjectProvider<WarningTemplates> templates, ObjectProvider<ContactAudience> audience,
           ObjectProvider<DoNotContactList> doNotContact, ObjectProvider<ChannelCatalog> channelCatalog,
           ApplicationEventPublisher events, Clock clock,
           @Value("${qiandai.pushes.batch-size:1000}") int batchSize, @Value("${qiandai.hotline:96110}") String hotline) {
        this.store = store;
        this.deliveries = deliveries;
        this.rules = rules;
        this.campaigns = campaigns;
        this.templates = templates;
        this.audience = audience;
        this.doNotContact = doNotContact;
        this.channelCatalog = channelCatalog;
        this.events = events;
        this.clock = clock;
        this.batchSize = batchSize;
        this.hotline = hotline;
    }

    /** The anti-fraud hotline filled into {@code {hotline}} ({@code qiandai.hotline}, default 96110). */
    String hotline() {
        return hotline;
    }

    ZoneId zone() {
        return rules.zone();
    }

    /** Who the push would reach now, with the reason for every exclusion; writes nothing. */
    public AudienceSummary preview(String campaignId, PushRequest request) {
        Checked checked = check(campaignId, request);
        return resolver().resolve(checked.segmentIds(), checked.campaign().districts(), capFor(request.channel()), clock.instant(), null);
    }

    /** Schedules a push (status SCHEDULED) with its audience as previewed now; the scheduler queues it when due. */
    public PushView create(String campaignId, PushRequest request, String by) {
        Checked checked = check(campaignId, request);
        Instant now = clock.instant();
        AudienceSummary audience = PushRules.isDirect(request.channel())
                ? resolver().resolve(checked.segmentIds(), checked.campaign().districts(), capFor(request.channel()), now, null)
                : AudienceSummary.empty();
        String id = RecordIds.next("push", now);
        Schedule schedule = request.schedule() == null ? Schedule.now() : request.schedule();
        Instant base = checked.at() == null ? now : checked.at();
        Occurrences occurrences = new Occurrences(base, schedule.repeat(), zone());
        Document scheduleDoc = new Document("at", checked.at() == null ? null : Date.from(checked.at())).append("base", Date.from(base));
        if (schedule.repeat() != null) {
            scheduleDoc.append("repeat", new Document("every", schedule.repeat().every().name()).append("until", schedule.repeat().until().toString()));
        }
        Document push = new Document("_id", id).append("campaignId", campaignId).append("channel", request.channel())
                .append("templateId", request.templateId()).append("segmentIds", checked.segmentIds())
                .append("schedule", scheduleDoc).append("status", PushStatus.SCHEDULED.name())
                .append("audience", PushStore.audience(audience)).append("counts", new Document())
                .append("next", next(occurrences, 0, request.channel()))
                .append("occurrencesQueued", 0).append("leaseUntil", new Date(0))
                .append("createdBy", by).append("createdAt", Date.from(now))
                .append("history", List.of(new Document("status", PushStatus.SCHEDULED.name()).append("by", by).append("at", Date.from(now))));
        store.insert(push);
        events.publishEvent(new PushEvents.PushScheduled(id, campaignId, by, now));
        return PushStore.view(push, zone());
    }

    /** The next occurrence's document, its run time moved out of the channel's quiet hours. */
    Document next(Occurrences occurrences, int k, String channel) {
        if (k < 0 || occurrences.nominal(k) == null) {
            return null;
        }
        var nominal = occurrences.nominal(k);
        var runAt = rules.quietHours(channel).nextAllowed(nominal);
        return new Document("occurrence", k).append("dueAt", Date.from(nominal.toInstant())).append("runAt", Date.from(runAt.toInstant()));
    }

    public Optional<PushView> get(String id) {
        return store.find(id).map(d -> PushStore.view(d, zone()));
    }

    /**
     * When the push's next occurrence after {@code k} that is not before {@code after} is due (nominal, before quiet
     * hours): what replaces occurrence {@code k}. Empty when the schedule has none (or there is no such push).
     */
    public Optional<Instant> followingOccurrence(String id, int k, Instant after) {
        return store.find(id).flatMap(push -> {
            Document s = push.get("schedule", Document.class);
            Occurrences occurrences = new Occurrences(s.getDate("base").toInstant(), PushStore.schedule(s, zone()).repeat(), zone());
            int next = occurrences.nextAfter(k, after);
            return next < 0 ? Optional.empty() : Optional.of(occurrences.nominal(next).toInstant());
        });
    }

    /** A campaign's pushes (null: every campaign's), newest first, at most 500. */
    public List<PushView> list(String campaignId) {
        return store.list(campaignId, LIST_LIMIT).stream().map(d -> PushStore.view(d, zone())).toList();
    }

    /** SCHEDULED or RUNNING → PAUSED: no occurrence is queued and channels claim nothing until it resumes. */
    public PushView pause(String id, String by) {
        Document before = require(id);
        PushStatus status = PushStatus.valueOf(before.getString("status"));
        Instant now = clock.instant();
        Document after = store.changeStatus(id, EnumSet.of(PushStatus.SCHEDULED, PushStatus.RUNNING), PushStatus.PAUSED, by, null, now,
                        Updates.set("pausedFrom", status.name()))
                .orElseThrow(() -> conflict(id, "pause", before));
        events.publishEvent(new PushEvents.PushPaused(id, by, now));
        return PushStore.view(after, zone());
    }

    /** PAUSED → what it was; an occurrence that fell due meanwhile is queued at once (missed ones collapse into it). */
    public PushView resume(String id, String by) {
        Document before = require(id);
        String from = before.getString("pausedFrom");
        PushStatus to = from == null ? PushStatus.SCHEDULED : PushStatus.valueOf(from);
        Instant now = clock.instant();
        Document after = store.changeStatus(id, EnumSet.of(PushStatus.PAUSED), to, by, null, now, Updates.unset("pausedFrom"))
                .orElseThrow(() -> conflict(id, "resume", before));
        events.publishEvent(new PushEvents.PushResumed(id, by, now));
        return PushStore.view(after, zone());
    }

    /** Any open push → CANCELLED; its QUEUED deliveries become CANCELLED and no further occurrence is queued. */
    public PushView cancel(String id, String by, String reason) {
        Document before = require(id);
        if (before.getBoolean("standing", false)) {
            throw new PushRefusedException(PushRefusedException.Kind.CONFLICT, "push '" + id + "' is the standing push of urgent "
                    + "warnings on " + before.getString("channel") + ": it cannot be cancelled; pause it to hold them");
        }
        Instant now = clock.instant();
        store.changeStatus(id, EnumSet.of(PushStatus.SCHEDULED, PushStatus.RUNNING, PushStatus.PAUSED), PushStatus.CANCELLED, by, reason, now,
                        Updates.unset("next"))
                .orElseThrow(() -> conflict(id, "cancel", before));
        long cancelled = deliveries.cancelQueued(id);
        events.publishEvent(new PushEvents.PushCancelled(id, by, reason, cancelled, now));
        return get(id).orElseThrow();
    }

    private Document require(String id) {
        return store.find(id).orElseThrow(() -> new PushRefusedException(PushRefusedException.Kind.NOT_FOUND, "no push '" + id + "'"));
    }

    private static PushRefusedException conflict(String id, String action, Document push) {
        return new PushRefusedException(PushRefusedException.Kind.CONFLICT,
                "cannot " + action + " push '" + id + "': it is " + push.getString("status"));
    }

    // --- checks shared by preview and create ---

    record Checked(CampaignView campaign, List<String> segmentIds, Instant at) {
    }

    private Checked check(String campaignId, PushRequest request) {
        if (request == null) {
            throw invalid("a JSON body {\"channel\", \"templateId\", \"segmentIds\", \"schedule\"} is required");
        }
        CampaignView campaign = lifecycle().get(campaignId)
                .orElseThrow(() -> new PushRefusedException(PushRefusedException.Kind.NOT_FOUND, "no campaign '" + campaignId + "'"));
        if (!PUSHABLE.contains(campaign.status())) {
            throw new PushRefusedException(PushRefusedException.Kind.CONFLICT,
                    "campaign '" + campaignId + "' is " + campaign.status() + ": pushes are queued only for an APPROVED or RUNNING campaign");
        }
        if (request.channel() == null || !CHANNEL.matcher(request.channel()).matches()) {
            throw invalid("channel is required: a channel id such as sms-twilio, sms-smpp, mms, ride-hailing, food-delivery, partner-card");
        }
        if (request.templateId() == null || request.templateId().isBlank()) {
            throw invalid("templateId is required");
        }
        WarningTemplate template = templates().get(request.templateId())
                .orElseThrow(() -> invalid("templateId: no warning template '" + request.templateId() + "'"));
        ChannelCatalog catalog = channelCatalog.getIfAvailable();
        if (catalog != null && catalog.isPartner(request.channel()) && !catalog.fits(template, request.channel())) {
            throw invalid("templateId: warning '" + template.id() + "' is for " + template.channel() + "; partner '" + request.channel()
                    + "' shows " + catalog.warningsShownBy(request.channel()).stream().map(c -> c.id()).sorted().toList() + " warnings");
        }
        List<String> segmentIds = request.segmentIds() == null || request.segmentIds().isEmpty()
                ? (campaign.segmentIds() == null ? List.of() : campaign.segmentIds()) : request.segmentIds();
        if (segmentIds.isEmpty() && PushRules.isDirect(request.channel())) {
            throw invalid("segmentIds: name at least one segment (the campaign names none)");
        }
        Instant at = null;
        Schedule schedule = request.schedule();
        if (schedule != null && schedule.at() != null && !schedule.at().isBlank()) {
            at = parseAt(schedule.at());
            if (at.isBefore(clock.instant().minus(5, ChronoUnit.MINUTES))) {
                throw invalid("schedule.at " + schedule.at() + " is in the past (null means now)");
            }
        }
        if (schedule != null && schedule.repeat() != null) {
            if (schedule.repeat().every() == null || schedule.repeat().until() == null) {
                throw invalid("schedule.repeat needs \"every\" (DAILY, WEEKLY, MONTHLY) and \"until\" (yyyy-MM-dd)");
            }
            Instant first = at == null ? clock.instant() : at;
            if (schedule.repeat().until().isBefore(first.atZone(zone()).toLocalDate())) {
                throw invalid("schedule.repeat.until " + schedule.repeat().until() + " is before the first occurrence");
            }
        }
        return new Checked(campaign, List.copyOf(segmentIds), at);
    }

    private Instant parseAt(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(zone()).toInstant();
            } catch (DateTimeParseException e2) {
                throw invalid("schedule.at '" + text + "' is not an ISO date-time such as 2026-12-01T10:00:00+08:00");
            }
        }
    }

    private static PushRefusedException invalid(String message) {
        return new PushRefusedException(PushRefusedException.Kind.INVALID, message);
    }

    FrequencyCap capFor(String channel) {
        return PushRules.isDirect(channel) ? rules.frequencyCap(channel) : null;
    }

    AudienceResolver resolver() {
        return new AudienceResolver(required(audience, "ContactAudience"), required(doNotContact, "DoNotContactList"), deliveries, batchSize);
    }

    CampaignLifecycle lifecycle() {
        return required(campaigns, "CampaignLifecycle");
    }

    WarningTemplates templates() {
        return required(templates, "WarningTemplates");
    }

    private static <T> T required(ObjectProvider<T> provider, String what) {
        T bean = provider.getIfAvailable();
        if (bean == null) {
            throw new IllegalStateException("no " + what + " in this application yet (campaign planner parts still being built)");
        }
        return bean;
    }
}
