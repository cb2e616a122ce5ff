package org.qiandai.campaign.warnings;

/**
 * What became of one lead: the case it opened or joined ({@code joined}), the case's priority and the first step taken
 * for it (for a joined lead, the case's current step). {@code duplicate} when the same sender had sent this
 * {@code externalId} before: the answer is the one given then.
 */
public record LeadResult(String externalId, String caseId, Priority priority, LadderStep firstStep, boolean joined, boolean duplicate) {

    LeadResult asDuplicate() {
        return new LeadResult(externalId, caseId, priority, firstStep, joined, true);
    }
}
