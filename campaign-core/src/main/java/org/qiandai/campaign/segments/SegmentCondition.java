package org.qiandai.campaign.segments;

import java.util.List;
import java.util.Objects;

/**
 * One test of a segment rule: {@code AGE} between {@code min} and {@code max} (inclusive, either may be open), or any
 * other attribute one of {@code values}.
 */
public record SegmentCondition(SegmentAttribute attribute, Integer min, Integer max, List<String> values) {

    public SegmentCondition {
        values = values == null ? List.of()
                : values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }

    public static SegmentCondition ageBetween(Integer min, Integer max) {
        return new SegmentCondition(SegmentAttribute.AGE, min, max, List.of());
    }

    public static SegmentCondition oneOf(SegmentAttribute attribute, List<String> values) {
        return new SegmentCondition(attribute, null, null, values);
    }

    /** E.g. {@code 年龄 60–75岁} or {@code 职业 ∈ {退休人员、无业}}. */
    public String describe(boolean english) {
        String label = english ? attribute.labelEn() : attribute.labelZh();
        if (attribute != null && attribute.range()) {
            String unit = english ? "" : "岁";
            if (min != null && max != null) {
                return label + " " + min + "–" + max + unit;
            }
            return min != null ? label + " ≥ " + min + unit : label + " ≤ " + max + unit;
        }
        return label + " ∈ {" + String.join(english ? ", " : "、", values) + "}";
    }
}
