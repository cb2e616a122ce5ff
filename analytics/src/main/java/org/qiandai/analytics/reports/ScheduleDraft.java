package org.qiandai.analytics.reports;

/**
 * A weekly report as a leader asks for it: on {@code dayOfWeek} (MONDAY … SUNDAY) at {@code time} ({@code HH:mm},
 * bureau time) the report of the seven days before is made in {@code format} ({@code xlsx} or {@code csv}) and
 * {@code language} ({@code zh-CN} or {@code en}), optionally for one campaign and one district, and kept for download.
 */
public record ScheduleDraft(String name, String dayOfWeek, String time, String format, String language, String campaignId, String district) {
}
