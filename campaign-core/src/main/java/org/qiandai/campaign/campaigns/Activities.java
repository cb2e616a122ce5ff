package org.qiandai.campaign.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import org.qiandai.campaign.support.RecordIds;

/**
 * Offline activities (radio slots, themed buses, community visits, training sessions, posters) recorded against a
 * campaign, so that their estimated audiences count as impressions beside the measured channels. An activity lies
 * within its campaign's period; none is recorded for a cancelled or rejected campaign. Each one recorded publishes
 * {@link ActivityRecorded}.
 */
@Service
public class Activities {
    private static final int LIST_LIMIT = 5_000;
    private static final int MAX_AUDIENCE = 10_000_000;

    private final ActivityStore store;
    private final CampaignStore campaigns;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Activities(ActivityStore store, CampaignStore campaigns, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.campaigns = campaigns;
        this.events = events;
        this.clock = clock;
    }

    public Activity record(String campaignId, ActivityDraft d, String by) {
        Campaign campaign = campaigns.find(campaignId).orElseThrow(() -> new CampaignNotFoundException(campaignId));
        if (campaign.status() == CampaignStatus.CANCELLED || campaign.status() == CampaignStatus.REJECTED) {
            throw CampaignRefusedException.conflict("status", "campaign " + campaignId + " is " + campaign.status()
                    + ": no activities are recorded for it");
        }
        if (d == null || d.kind() == null) {
            throw CampaignRefusedException.invalid("kind-required", "kind is required: one of " + List.of(ActivityKind.values()));
        }
        if (d.title() == null || d.title().isBlank()) {
            throw CampaignRefusedException.invalid("title-required", "title is required");
        }
        if (d.from() == null) {
            throw CampaignRefusedException.invalid("date-required", "from is required (yyyy-MM-dd); to is optional for one day");
        }
        LocalDate to = d.to() == null ? d.from() : d.to();
        if (to.isBefore(d.from())) {
            throw CampaignRefusedException.invalid("period", "to (" + to + ") is before from (" + d.from() + ")");
        }
        CampaignDraft plan = campaign.plan();
        if (d.from().isBefore(plan.from()) || to.isAfter(plan.to())) {
            throw CampaignRefusedException.invalid("outside-campaign", "the activity (" + d.from() + " – " + to
                    + ") must lie within the campaign's period " + plan.from() + " – " + plan.to());
        }
        if (d.estimatedAudience() == null || d.estimatedAudience() < 0 || d.estimatedAudience() > MAX_AUDIENCE) {
            throw CampaignRefusedException.invalid("estimated-audience", "estimatedAudience must be a whole number from 0 to "
                    + MAX_AUDIENCE + " (an estimate of the people reached)");
        }
        LinkedHashSet<String> districts = new LinkedHashSet<>();
        if (d.districts() != null) {
            d.districts().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).forEach(districts::add);
        }
        Instant now = clock.instant();
        String id = RecordIds.next("act", now);
        Activity activity = new Activity(id, campaignId, d.kind(), d.title().strip(), strip(d.place()), d.from(), to,
                List.copyOf(districts), d.estimatedAudience(), strip(d.notes()), by, now);
        store.insert(activity);
        events.publishEvent(new ActivityRecorded(activity));
        return activity;
    }

    public List<Activity> ofCampaign(String campaignId) {
        return store.ofCampaign(campaignId);
    }

    /** Every activity, earliest first, streamed: what a counter rebuilt from scratch reads. */
    public void forEach(java.util.function.Consumer<Activity> each) {
        store.forEach(each);
    }

    /** Activities overlapping the period, in a district (null: all), earliest first; at most 5,000. */
    public List<Activity> find(LocalDate from, LocalDate to, String district) {
        return store.find(from, to, district, LIST_LIMIT);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
