package org.qiandai.campaign.segments;

import java.time.Instant;
import java.util.List;

/**
 * A target audience an analyst saved: its name, a rule over person attributes, and where it came from.
 * Changes only through {@link #revise}, which checks the rule as saving does.
 */
final class Segment {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2_000;
    static final int MAX_VALUES = 200;

    private final String id;
    private String name;
    private String description;
    private SegmentRule rule;
    private final SegmentSource source;
    private final String createdBy;
    private final Instant createdAt;
    private String updatedBy;
    private Instant updatedAt;

    Segment(String id, String name, String description, SegmentRule rule, SegmentSource source, String createdBy,
            Instant createdAt, String updatedBy, Instant updatedAt) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.rule = rule;
        this.source = source;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    static Segment create(String id, SegmentDraft draft, String by, Instant at) {
        check(draft);
        return new Segment(id, draft.name().strip(), blankToNull(draft.description()), draft.rule(), draft.source(), by, at, by, at);
    }

    /** A new name, description and rule; the source and creation stay. */
    void revise(SegmentDraft changes, String by, Instant at) {
        check(changes);
        this.name = changes.name().strip();
        this.description = blankToNull(changes.description());
        this.rule = changes.rule();
        this.updatedBy = by;
        this.updatedAt = at;
    }

    static void check(SegmentDraft draft) {
        if (draft == null) {
            throw new SegmentRejectedException("a segment needs a body with name and rule");
        }
        if (draft.name() == null || draft.name().isBlank()) {
            throw new SegmentRejectedException("name is required");
        }
        if (draft.name().strip().length() > MAX_NAME) {
            throw new SegmentRejectedException("name must have at most " + MAX_NAME + " characters");
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
            throw new SegmentRejectedException("description must have at most " + MAX_DESCRIPTION + " characters");
        }
        if (draft.rule() == null || draft.rule().conditions().isEmpty()) {
            throw new SegmentRejectedException("rule.conditions must have at least one condition");
        }
        List<SegmentCondition> conditions = draft.rule().conditions();
        for (int i = 0; i < conditions.size(); i++) {
            checkCondition(conditions.get(i), "rule.conditions[" + i + "]");
        }
    }

    private static void checkCondition(SegmentCondition c, String where) {
        if (c.attribute() == null) {
            throw new SegmentRejectedException(where + ".attribute is required (one of " + List.of(SegmentAttribute.values()) + ")");
        }
        if (c.attribute().range()) {
            if (c.min() == null && c.max() == null) {
                throw new SegmentRejectedException(where + ": an age condition needs min, max or both");
            }
            if ((c.min() != null && (c.min() < 0 || c.min() > 120)) || (c.max() != null && (c.max() < 0 || c.max() > 120))) {
                throw new SegmentRejectedException(where + ": ages must be between 0 and 120");
            }
            if (c.min() != null && c.max() != null && c.min() > c.max()) {
                throw new SegmentRejectedException(where + ": min age " + c.min() + " is above max age " + c.max());
            }
            if (!c.values().isEmpty()) {
                throw new SegmentRejectedException(where + ": an age condition takes min and max, not values");
            }
            return;
        }
        if (c.min() != null || c.max() != null) {
            throw new SegmentRejectedException(where + ": " + c.attribute() + " takes values, not min and max");
        }
        if (c.values().isEmpty()) {
            throw new SegmentRejectedException(where + ".values must name at least one " + c.attribute().labelEn());
        }
        if (c.values().size() > MAX_VALUES) {
            throw new SegmentRejectedException(where + ".values may name at most " + MAX_VALUES + " values");
        }
        if (c.attribute() == SegmentAttribute.GENDER && !List.of("男", "女").containsAll(c.values())) {
            throw new SegmentRejectedException(where + ".values: gender is 男 or 女");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    SegmentView view() {
        return new SegmentView(id, name, description, rule, rule.describe(false), source, createdBy, createdAt, updatedBy, updatedAt);
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    SegmentRule rule() {
        return rule;
    }

    SegmentSource source() {
        return source;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    String updatedBy() {
        return updatedBy;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
