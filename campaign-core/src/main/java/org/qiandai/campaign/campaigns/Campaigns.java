package org.qiandai.campaign.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.support.RecordIds;
import org.qiandai.campaign.templates.ChannelCatalog;
import org.qiandai.campaign.templates.WarningChannel;
import org.qiandai.campaign.templates.WarningTemplate;
import org.qiandai.campaign.templates.WarningTemplates;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Plans campaigns and moves them through their lifecycle. Each change loads the campaign, lets the {@link Campaign}
 * decide (refusing with a {@link CampaignRefusedException}), and writes it with one conditional single-document update;
 * a change that lost a race is refused as a conflict, never applied twice. Events are published after the write.
 * Who may call what (PUBLICITY plans, LEADER/ADMIN approve) is the web layer's to enforce; that the submitter never
 * approves or rejects their own campaign is enforced here.
 */
@Service
public class Campaigns implements CampaignLifecycle {
    private static final int LIST_LIMIT = 500;
    private static final int MAX_NAME = 100;

    private final CampaignStore store;
    private final WarningTemplates templates;
    private final Segments segments;
    private final ChannelCatalog channelCatalog;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Campaigns(CampaignStore store, WarningTemplates templates, Segments segments, ChannelCatalog channelCatalog,
              ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.templates = templates;
        this.segments = segments;
        this.channelCatalog = channelCatalog;
        this.events = events;
        this.clock = clock;
    }

    public CampaignDetails create(CampaignDraft draft, String owner) {
        CampaignDraft plan = checked(draft);
        Instant now = clock.instant();
        String id = RecordIds.next("cmp", now);
        Campaign campaign = Campaign.create(id, plan, owner, now);
        store.insert(campaign);
        events.publishEvent(new CampaignEvent.CampaignCreated(id, owner, now));
        return campaign.details();
    }

    /** A new plan while DRAFT; a REJECTED campaign goes back to DRAFT with it (to be submitted again). */
    public CampaignDetails revise(String id, CampaignDraft draft, String by) {
        CampaignDraft plan = checked(draft);
        return change(id, c -> c.revise(plan, by, clock.instant()));
    }

    public CampaignDetails submit(String id, String by) {
        return change(id, c -> {
            if (c.plan().to().isBefore(LocalDate.now(clock))) {
                throw CampaignRefusedException.invalid("period", "the campaign's period ended on " + c.plan().to()
                        + "; change its dates before submitting");
            }
            return c.submit(by, clock.instant());
        });
    }

    public CampaignDetails approve(String id, String by) {
        return change(id, c -> c.approve(by, clock.instant()));
    }

    public CampaignDetails reject(String id, String by, String reason) {
        return change(id, c -> c.reject(by, reason, clock.instant()));
    }

    public CampaignDetails cancel(String id, String by, String reason) {
        return change(id, c -> c.cancel(by, reason, clock.instant()));
    }

    public CampaignDetails complete(String id, String by) {
        return change(id, c -> c.complete(by, clock.instant()));
    }

    /** APPROVED → RUNNING, recorded; no change if it is already RUNNING (two pushes queued at once start it once). */
    @Override
    public CampaignView markRunning(String id, String by) {
        for (int attempt = 0; ; attempt++) {
            Campaign c = load(id);
            if (c.status() == CampaignStatus.RUNNING) {
                return c.details().view();
            }
            CampaignStatus loaded = c.status();
            CampaignEvent event = c.start(by, clock.instant());
            if (store.update(c, loaded)) {
                events.publishEvent(event);
                return c.details().view();
            }
            if (attempt > 2) {
                throw CampaignRefusedException.conflict("changed", "campaign " + id + " kept changing; try again");
            }
        }
    }

    @Override
    public Optional<CampaignView> get(String id) {
        return store.find(id).map(c -> c.details().view());
    }

    public Optional<CampaignDetails> details(String id) {
        return store.find(id).map(Campaign::details);
    }

    /** The latest 500 campaigns matching, newest first; any argument may be null (period: overlapping it). */
    public List<CampaignDetails> list(List<CampaignStatus> statuses, LocalDate from, LocalDate to) {
        return store.list(statuses, from, to, LIST_LIMIT).stream().map(Campaign::details).toList();
    }

    private CampaignDetails change(String id, Function<Campaign, CampaignEvent> action) {
        Campaign c = load(id);
        CampaignStatus loaded = c.status();
        CampaignEvent event = action.apply(c);
        if (!store.update(c, loaded)) {
            CampaignStatus now = store.find(id).map(Campaign::status).orElse(null);
            throw CampaignRefusedException.conflict("changed", "campaign " + id + " was changed by someone else meanwhile"
                    + (now == null ? "" : " (it is now " + now + ")") + "; reload it and try again");
        }
        events.publishEvent(event);
        return c.details();
    }

    private Campaign load(String id) {
        return store.find(id).orElseThrow(() -> new CampaignNotFoundException(id));
    }

    private CampaignDraft checked(CampaignDraft d) {
        if (d == null) {
            throw CampaignRefusedException.invalid("body-required", "a campaign needs name, from and to");
        }
        if (d.name() == null || d.name().isBlank()) {
            throw CampaignRefusedException.invalid("name-required", "name is required");
        }
        if (d.name().strip().length() > MAX_NAME) {
            throw CampaignRefusedException.invalid("name-too-long", "name must be at most " + MAX_NAME + " characters");
        }
        if (d.from() == null || d.to() == null) {
            throw CampaignRefusedException.invalid("period-required", "from and to are required (yyyy-MM-dd)");
        }
        if (d.to().isBefore(d.from())) {
            throw CampaignRefusedException.invalid("period", "to (" + d.to() + ") is before from (" + d.from() + ")");
        }
        if (d.to().isBefore(LocalDate.now(clock))) {
            throw CampaignRefusedException.invalid("period", "the period ends on " + d.to() + ", which has passed");
        }
        List<String> segmentIds = clean(d.segmentIds());
        for (String s : segmentIds) {
            if (segments.get(s).isEmpty()) {
                throw CampaignRefusedException.invalid("unknown-segment", "segmentIds: no segment '" + s + "'");
            }
        }
        List<String> channels = new ArrayList<>();
        for (String ch : clean(d.channels())) {
            // a built-in id in any case (SMS-TWILIO), or a configured partner's name (didi)
            String id = WarningChannel.of(ch).filter(c -> c != WarningChannel.SMS).map(WarningChannel::id).orElse(ch);
            if (!channelCatalog.isKnown(id)) {
                throw CampaignRefusedException.invalid("unknown-channel", "channels: '" + ch + "' is not one of " + channelCatalog.ids());
            }
            channels.add(id);
        }
        List<String> templateIds = clean(d.templateIds());
        for (String t : templateIds) {
            WarningTemplate template = templates.get(t).orElseThrow(() ->
                    CampaignRefusedException.invalid("unknown-template", "templateIds: no warning '" + t + "'"));
            if (!channels.isEmpty() && channels.stream().noneMatch(ch -> channelCatalog.fits(template, ch))) {
                throw CampaignRefusedException.invalid("template-channel", "templateIds: warning '" + t + "' is for channel "
                        + template.channel() + ", which the campaign does not use " + channels);
            }
        }
        return new CampaignDraft(d.name().strip(), d.goal() == null ? null : d.goal().strip(), d.from(), d.to(),
                clean(d.districts()), segmentIds, channels, templateIds);
    }

    private static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                set.add(v.strip());
            }
        }
        return List.copyOf(set);
    }
}
