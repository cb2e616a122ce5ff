package org.qiandai.campaign.cases;

import java.util.List;

/** The values present in the store, for filter drop-downs. */
public record CaseFilterOptions(List<String> districts, List<String> fraudTypes, List<String> occupations) {
}
