package org.qiandai.campaign.audit;

import org.qiandai.campaign.campaigns.CampaignEvent;
import org.qiandai.campaign.pushes.PushEvents.PushCompleted;
import org.qiandai.campaign.pushes.PushEvents.PushOccurrenceQueued;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the application does by itself, on no one's request, in the audit trail as {@code system}: a push starting
 * (its first occurrence queued, {@code push.start}) and completing ({@code push.complete}), a campaign starting
 * ({@code campaign.start}) or completing when its pushes are done ({@code campaign.complete} without a user).
 * Users' own actions are recorded where they make them (the web layer), with their address.
 */
@Component
class ApplicationAudit {

    static final String SYSTEM = "system";
    private static final Logger log = LoggerFactory.getLogger(ApplicationAudit.class);

    private final AuditLog audit;

    ApplicationAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(PushOccurrenceQueued queued) {
        if (queued.occurrence() == 0) {
            record("push.start", "push", queued.pushId(), "campaign " + queued.campaignId() + ", recipients "
                    + (queued.audience() == null ? 0 : queued.audience().recipients()));
        }
    }

    @EventListener
    void on(PushCompleted completed) {
        record("push.complete", "push", completed.pushId(), null);
    }

    @EventListener
    void on(CampaignEvent event) {
        if (event instanceof CampaignEvent.CampaignStarted started) {
            record("campaign.start", "campaign", started.campaignId(), started.by() == null ? null : "by " + started.by());
        } else if (event instanceof CampaignEvent.CampaignCompleted completed && (completed.by() == null || SYSTEM.equals(completed.by()))) {
            record("campaign.complete", "campaign", completed.campaignId(), null);
        }
    }

    private void record(String action, String objectType, String objectId, String details) {
        try {
            audit.record(SYSTEM, action, objectType, objectId, details, null);
        } catch (RuntimeException e) {
            log.error("Could not record {} of {} {} in the audit trail", action, objectType, objectId, e);
        }
    }
}
