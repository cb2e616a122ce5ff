package org.qiandai.campaign.campaigns;

import static org.qiandai.campaign.campaigns.CampaignStatus.APPROVED;
import static org.qiandai.campaign.campaigns.CampaignStatus.CANCELLED;
import static org.qiandai.campaign.campaigns.CampaignStatus.COMPLETED;
import static org.qiandai.campaign.campaigns.CampaignStatus.DRAFT;
import static org.qiandai.campaign.campaigns.CampaignStatus.REJECTED;
import static org.qiandai.campaign.campaigns.CampaignStatus.RUNNING;
import static org.qiandai.campaign.campaigns.CampaignStatus.SUBMITTED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.qiandai.campaign.campaigns.CampaignEvent.CampaignApproved;
import org.qiandai.campaign.campaigns.CampaignEvent.CampaignCancelled;
import org.qiandai.campaign.campaigns.CampaignEvent.CampaignCompleted;
import org.qiandai.campaign.campaigns.CampaignEvent.CampaignRejected;
import org.qiandai.campaign.campaigns.CampaignEvent.CampaignRevised;
import org.qiandai.campaign.campaigns.CampaignEvent.CampaignStarted;
import org.qiandai.campaign.campaigns.CampaignEvent.CampaignSubmitted;

/**
 * A campaign, changed only through its lifecycle methods. Each checks the status it may be called in, changes the
 * state, appends a {@link CampaignTransition} to the history and returns the past-tense event. The store writes the
 * change with the loaded {@link #version()} as a precondition, so of two racing changes only one is kept.
 * <pre>
 * DRAFT → SUBMITTED → APPROVED → RUNNING → COMPLETED      (APPROVED → COMPLETED too: a campaign of offline work only)
 * SUBMITTED → REJECTED (reason) → DRAFT by revising;  DRAFT, SUBMITTED, APPROVED, RUNNING, REJECTED → CANCELLED
 * </pre>
 */
class Campaign {

    private static final Set<CampaignStatus> CANCELLABLE = EnumSet.of(DRAFT, SUBMITTED, APPROVED, RUNNING, REJECTED);

    private final String id;
    private CampaignDraft plan;
    private final String owner;
    private CampaignStatus status;
    private String submittedBy;
    private String reason;
    private final Instant createdAt;
    private Instant updatedAt;
    private final List<CampaignTransition> history;
    private final long version;
    private final List<CampaignTransition> added = new ArrayList<>();

    Campaign(String id, CampaignDraft plan, String owner, CampaignStatus status, String submittedBy, String reason,
             Instant createdAt, Instant updatedAt, List<CampaignTransition> history, long version) {
        this.id = id;
        this.plan = plan;
        this.owner = owner;
        this.status = status;
        this.submittedBy = submittedBy;
        this.reason = reason;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.history = new ArrayList<>(history);
        this.version = version;
    }

    static Campaign create(String id, CampaignDraft plan, String owner, Instant at) {
        Campaign c = new Campaign(id, plan, owner, DRAFT, null, null, at, at, List.of(), 0);
        c.record("created", null, DRAFT, owner, at, null);
        return c;
    }

    /** New plan while DRAFT, or after a rejection (which sends it back to DRAFT). */
    CampaignRevised revise(CampaignDraft changes, String by, Instant at) {
        require("revise", EnumSet.of(DRAFT, REJECTED));
        plan = changes;
        CampaignStatus before = status;
        status = DRAFT;
        reason = null;
        record("revised", before, DRAFT, by, at, null);
        return new CampaignRevised(id, by, at);
    }

    CampaignSubmitted submit(String by, Instant at) {
        require("submit", EnumSet.of(DRAFT));
        submittedBy = by;
        move("submitted", SUBMITTED, by, at, null);
        return new CampaignSubmitted(id, by, at);
    }

    /** Only someone other than the submitter approves: four eyes on everything that reaches the public. */
    CampaignApproved approve(String by, Instant at) {
        require("approve", EnumSet.of(SUBMITTED));
        refuseSubmitter(by, "approve");
        move("approved", APPROVED, by, at, null);
        return new CampaignApproved(id, by, at);
    }

    CampaignRejected reject(String by, String why, Instant at) {
        require("reject", EnumSet.of(SUBMITTED));
        if (why == null || why.isBlank()) {
            throw CampaignRefusedException.invalid("reason-required", "a rejection needs a reason: tell the team what to change");
        }
        refuseSubmitter(by, "reject");
        move("rejected", REJECTED, by, at, why.strip());
        return new CampaignRejected(id, by, at, why.strip());
    }

    CampaignCancelled cancel(String by, String why, Instant at) {
        require("cancel", CANCELLABLE);
        String r = why == null || why.isBlank() ? null : why.strip();
        move("cancelled", CANCELLED, by, at, r);
        return new CampaignCancelled(id, by, at, r);
    }

    /** APPROVED → RUNNING when its first push is queued. */
    CampaignStarted start(String by, Instant at) {
        require("start", EnumSet.of(APPROVED));
        move("started", RUNNING, by, at, null);
        return new CampaignStarted(id, by, at);
    }

    CampaignCompleted complete(String by, Instant at) {
        require("complete", EnumSet.of(APPROVED, RUNNING));
        move("completed", COMPLETED, by, at, null);
        return new CampaignCompleted(id, by, at);
    }

    private void require(String action, Set<CampaignStatus> allowed) {
        if (!allowed.contains(status)) {
            throw CampaignRefusedException.conflict("status", "cannot " + action + " campaign " + id + ": it is " + status
                    + " (allowed only when " + allowed.stream().map(Enum::name).sorted().toList() + ")");
        }
    }

    private void refuseSubmitter(String by, String action) {
        if (by != null && by.equals(submittedBy)) {
            throw CampaignRefusedException.forbidden("not-the-submitter", "you submitted campaign " + id
                    + "; another leader must " + action + " it");
        }
    }

    private void move(String action, CampaignStatus to, String by, Instant at, String why) {
        CampaignStatus before = status;
        status = to;
        if (why != null || to == REJECTED || to == CANCELLED) {
            reason = why;
        }
        record(action, before, to, by, at, why);
    }

    private void record(String action, CampaignStatus from, CampaignStatus to, String by, Instant at, String why) {
        CampaignTransition t = new CampaignTransition(action, from, to, by, at, why);
        history.add(t);
        added.add(t);
        updatedAt = at;
    }

    String id() {
        return id;
    }

    CampaignDraft plan() {
        return plan;
    }

    String owner() {
        return owner;
    }

    CampaignStatus status() {
        return status;
    }

    String submittedBy() {
        return submittedBy;
    }

    String reason() {
        return reason;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    long version() {
        return version;
    }

    /** The history entries added since loading: what the store pushes. */
    List<CampaignTransition> added() {
        return List.copyOf(added);
    }

    CampaignDetails details() {
        return new CampaignDetails(id, plan.name(), plan.goal(), plan.from(), plan.to(), plan.districts(), plan.segmentIds(),
                plan.channels(), plan.templateIds(), owner, status, submittedBy, reason, createdAt, updatedAt, List.copyOf(history));
    }
}
