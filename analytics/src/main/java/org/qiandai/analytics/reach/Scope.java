package org.qiandai.analytics.reach;

import java.time.LocalDate;

/** One group of one breakdown of one scope ({@code *} or a campaign id): where a person or a figure is counted. */
record Scope(String scope, Dim dim, String group) {

    /** The key of this scope in a person's document. */
    String key() {
        return ReachKeys.scopeKey(scope, dim, group);
    }

    String docId(LocalDate day) {
        return ReachKeys.docId(scope, dim, day);
    }

    /** The field of a figure of this group in a counter document. */
    String field(Figure figure) {
        return "g." + ReachKeys.escape(group) + "." + figure.field;
    }

    /** The histogram field of people reached on a day whose previous reached day (in this scope) was {@code previous}. */
    String reachField(String previous) {
        return "g." + ReachKeys.escape(group) + ".p." + previous;
    }
}
