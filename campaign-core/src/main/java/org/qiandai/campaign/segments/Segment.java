package org.qiandai.campaign.segments;

import java.time.Instant;

/**
 * A target audience: its name, a rule over contact attributes, what it is at risk of (from a victim profile) and where it
 * came from. Changes only through {@link #revise}, which checks the rule as saving does.
 */
final class Segment {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2_000;
    static final int MAX_VALUES = 200;

    private final String id;
    private String name;
    private String description;
    private SegmentRule rule;
    private SegmentInterest interest;
    private final SegmentSource source;
    private final String createdBy;
    private final Instant createdAt;
    private String updatedBy;
    private Instant updatedAt;

    Segment(String id, String name, String description, SegmentRule rule, SegmentInterest interest, SegmentSource source,
            String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {
        this.interest = interest;
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
        SegmentDraft checked = check(draft);
        return new Segment(id, checked.name().strip(), blankToNull(checked.description()), checked.rule(), checked.interest(),
                checked.source(), by, at, by, at);
    }

    /** A new name, description and rule; the source and creation stay. */
    void revise(SegmentDraft changes, String by, Instant at) {
        SegmentDraft checked = check(changes);
        this.name = checked.name().strip();
        this.description = blankToNull(checked.description());
        this.rule = checked.rule();
        if (checked.interest() != null) {
            this.interest = checked.interest();
        }
        this.updatedBy = by;
        this.updatedAt = at;
    }

    /** The draft with its rule checked and tidied. */
    static SegmentDraft check(SegmentDraft draft) {
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
        if (draft.rule() == null) {
            throw new SegmentRejectedException("rule is required, e.g. {\"all\": [{\"field\": \"district\", \"op\": \"in\", \"values\": [\"东河区\"]}]}");
        }
        SegmentInterest interest = draft.interest() == null || draft.interest().isEmpty() ? null : draft.interest();
        if (interest != null && interest.fraudTypes().size() + interest.venues().size() + interest.contactChannels().size() > MAX_VALUES) {
            throw new SegmentRejectedException("interest may name at most " + MAX_VALUES + " values");
        }
        return new SegmentDraft(draft.name(), draft.description(), draft.rule().check(), interest, draft.source());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    SegmentView view() {
        return new SegmentView(id, name, description, rule, rule.describe(false), interest, source, createdBy, createdAt, updatedBy, updatedAt);
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

    SegmentInterest interest() {
        return interest;
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
