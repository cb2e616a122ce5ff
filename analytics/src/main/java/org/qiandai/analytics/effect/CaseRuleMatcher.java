package org.qiandai.analytics.effect;

import org.qiandai.campaign.segments.SegmentRule;

/**
 * Whether the victims of a case cell belong to a target group: the group's rule (over contact attributes) read
 * against the victims' attributes. A condition on something case records do not hold (language) does not narrow the
 * group; an age condition leaves out victims of unknown age.
 */
final class CaseRuleMatcher {

    private CaseRuleMatcher() {
    }

    static boolean matches(SegmentRule rule, CaseCell c) {
        if (rule == null) {
            return true;
        }
        if (rule.isGroup()) {
            boolean all = rule.matchesAll();
            for (SegmentRule r : rule.rules()) {
                if (matches(r, c) != all) {
                    return !all;
                }
            }
            return all;
        }
        return switch (rule.field() == null ? "" : rule.field()) {
            case "district" -> rule.textValues().contains(c.district());
            case "occupation" -> rule.textValues().contains(c.occupation());
            case "gender" -> rule.textValues().contains(c.gender());
            case "education" -> rule.textValues().contains(c.education());
            case "age" -> {
                if (c.age() == null) {
                    yield false;
                }
                Integer[] range = rule.ageRange();
                yield (range[0] == null || c.age() >= range[0]) && (range[1] == null || c.age() <= range[1]);
            }
            default -> true;
        };
    }
}
