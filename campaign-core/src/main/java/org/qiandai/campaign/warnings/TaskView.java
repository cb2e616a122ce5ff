package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Instant;

import org.qiandai.campaign.users.Role;

/**
 * One task (an opened step of a case's ladder), with what its assignee needs to act: the person's masked number,
 * district, age, the fraud type and its tell-tale sign, the priority, and the deadline ({@code secondsLeft} below 0
 * when overdue). {@code outcome} is a {@link TaskOutcome}, or for the SMS step the delivery's status, or why the step
 * was skipped.
 */
public record TaskView(String id, String caseId, int index, LadderStep step, TaskStatus status, CaseStatus caseStatus, String assignee,
                       Role role, Instant openedAt, Instant deadline, long secondsLeft, boolean breached, boolean late, String outcome,
                       String note, BigDecimal amount, String by, Instant closedAt, String district, Priority priority, String fraudType,
                       String sign, String phone, Integer age, String gender, boolean hasRelative) {
}
