package org.qiandai.campaign.warnings;

import java.time.Instant;
import java.util.List;

/** An open case as the duty desk's list shows it: who (masked), where, how urgent, and its open tasks with their deadlines. */
public record OpenCaseView(String id, String district, Priority priority, int score, String fraudType, String sign, String phone,
                           Integer age, Instant openedAt, int leads, List<TaskView> tasks) {
}
