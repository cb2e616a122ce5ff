package org.qiandai.campaign.segments;

import java.util.List;
import java.util.Objects;

/**
 * What a segment saved from a victim profile is at risk of: the fraud types, venues and contact channels its victims
 * had. Contacts carry none of these, so they never count contacts; the planner uses them to choose the warning.
 */
public record SegmentInterest(List<String> fraudTypes, List<String> venues, List<String> contactChannels) {

    public SegmentInterest {
        fraudTypes = clean(fraudTypes);
        venues = clean(venues);
        contactChannels = clean(contactChannels);
    }

    public boolean isEmpty() {
        return fraudTypes.isEmpty() && venues.isEmpty() && contactChannels.isEmpty();
    }

    /** E.g. {@code 诈骗类型 ∈ {虚假投资理财}；场所 ∈ {保健品讲座}}. */
    public String describe(boolean english) {
        StringBuilder sb = new StringBuilder();
        append(sb, english ? "fraud types" : "诈骗类型", fraudTypes, english);
        append(sb, english ? "venues" : "场所", venues, english);
        append(sb, english ? "contact channels" : "接触渠道", contactChannels, english);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, List<String> values, boolean english) {
        if (!values.isEmpty()) {
            if (!sb.isEmpty()) {
                sb.append(english ? "; " : "；");
            }
            sb.append(label).append(" ∈ {").append(String.join(english ? ", " : "、", values)).append('}');
        }
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }
}
