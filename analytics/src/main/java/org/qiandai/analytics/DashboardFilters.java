package org.qiandai.analytics;

import java.time.LocalDate;

/** The dashboard's filters: an inclusive period, optionally one campaign and one district. */
public record DashboardFilters(LocalDate from, LocalDate to, String campaignId, String district) {
}
