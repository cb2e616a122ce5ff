package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A warning case as the duty desk and its officers see it: numbers masked, the triage (priority, score and its
 * factors), the profile it fits and the warning sent, every lead, every task, and the timeline, oldest first.
 */
public record CaseView(String id, CaseStatus status, Priority priority, int score, List<PriorityFactor> factors, String district,
                       String fraudType, boolean fraudTypeFromProfile, String sign, String source, String phone, String relativePhone,
                       Integer age, String gender, String occupation, String language, BigDecimal amountAtRisk, BigDecimal amountLost,
                       ProfileMatcher.ProfileMatch profile, Warning warning, List<LeadView> leads, List<TaskView> tasks, String currentTask,
                       Instant openedAt, Instant detectedAt, Instant firstWarningAt, Instant firstContactAt, Instant closedAt, int breaches,
                       List<Event> timeline) {

    /** The warning SMS: a saved warning's id, or the built-in one's key, and the text as sent. */
    public record Warning(String templateId, String builtin, String text) {
    }

    public record LeadView(String externalId, String sender, LeadVia via, LeadSource source, Instant detectedAt, Instant receivedAt,
                           BigDecimal amountAtRisk, String note) {
    }

    /** One timeline entry: {@code task} is the task's id. */
    public record Event(Instant at, String kind, LadderStep step, String task, String by, String detail, String note) {
    }
}
