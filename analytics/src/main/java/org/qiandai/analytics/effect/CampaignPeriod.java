package org.qiandai.analytics.effect;

import java.time.LocalDate;
import java.util.List;

/** A campaign as the case chart marks it: its period and districts (empty: the whole city). */
public record CampaignPeriod(String id, String name, LocalDate from, LocalDate to, List<String> districts, String status) {
}
