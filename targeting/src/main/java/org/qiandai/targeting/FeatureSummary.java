package org.qiandai.targeting;

import java.util.List;

/** A feature's top values inside one profile, most common first. */
public record FeatureSummary(CaseFeature feature, List<ValueShare> topValues) {
}
