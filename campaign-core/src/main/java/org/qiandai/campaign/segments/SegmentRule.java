package org.qiandai.campaign.segments;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A readable rule over person attributes: all (or any) of its conditions. */
public record SegmentRule(Match match, List<SegmentCondition> conditions) {

    public enum Match { ALL, ANY }

    public SegmentRule {
        match = match == null ? Match.ALL : match;
        conditions = conditions == null ? List.of() : conditions.stream().filter(Objects::nonNull).toList();
    }

    /** E.g. {@code 年龄 60–75岁 且 职业 ∈ {退休人员}}. */
    public String describe(boolean english) {
        String joiner = match == Match.ALL ? (english ? " and " : " 且 ") : (english ? " or " : " 或 ");
        return conditions.stream().map(c -> c.describe(english)).collect(Collectors.joining(joiner));
    }
}
