package org.qiandai.campaign.contacts;

import java.util.List;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.campaign.segments.SegmentRule;

/**
 * A segment rule as a MongoDB filter over the {@code contacts} collection, so that the server counts and selects:
 * {@code all} → {@code $and}, {@code any} → {@code $or}, {@code in}/{@code eq} on the attribute, and an age range on
 * the stored birth year (age reached in {@code thisYear}: 18–30 is born {@code thisYear−30} to {@code thisYear−18}).
 */
final class ContactRules {

    private ContactRules() {
    }

    static Bson filter(SegmentRule rule, int thisYear) {
        if (rule.isGroup()) {
            List<Bson> parts = rule.rules().stream().map(r -> filter(r, thisYear)).toList();
            if (parts.size() == 1) {
                return parts.get(0);
            }
            return rule.matchesAll() ? Filters.and(parts) : Filters.or(parts);
        }
        SegmentField field = rule.segmentField();
        if (field == SegmentField.AGE) {
            Integer[] range = rule.ageRange();
            if (range[0] != null && range[1] != null) {
                return Filters.and(Filters.gte("birthYear", thisYear - range[1]), Filters.lte("birthYear", thisYear - range[0]));
            }
            return range[0] != null ? Filters.lte("birthYear", thisYear - range[0]) : Filters.gte("birthYear", thisYear - range[1]);
        }
        String name = field.key();
        List<String> values = rule.textValues();
        return values.size() == 1 ? Filters.eq(name, values.get(0)) : Filters.in(name, values);
    }

    static Bson matchAll() {
        return new Document();
    }
}
