package org.qiandai.campaign.warnings;

/**
 * One reason for a case's priority points: what ({@code FRAUD_TYPE}, {@code AMOUNT}, {@code AGE}, {@code SOURCE},
 * {@code REPEAT}, {@code EARLIER_CASE}), the value it was scored on, the points.
 */
public record PriorityFactor(String factor, String value, int points) {
}
