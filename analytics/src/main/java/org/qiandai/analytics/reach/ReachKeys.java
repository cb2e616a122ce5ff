package org.qiandai.analytics.reach;

import java.time.LocalDate;

/**
 * How reach counters are keyed. A counter document is {@code <scope>|<dim>|<yyyy-MM-dd>} ({@code scope} is {@code *}
 * for everything or a campaign id), so that a period of one scope and breakdown is one {@code _id} range; inside it,
 * {@code g.<group>.<figure>} holds each group's figures and {@code g.<group>.p.<previous day>} the reach histogram.
 * Group names are escaped to be field names ({@code .} and a leading {@code $} are not allowed in one).
 */
final class ReachKeys {

    /** The scope of everything (any campaign). */
    static final String ALL = "*";
    /** The single group of {@link Dim#TOTAL}. */
    static final String WHOLE = "*";
    /** A histogram entry for people reached for the first time in the scope. */
    static final String FIRST = "-";
    /** The district of an activity or push that names none: the whole city. */
    static final String CITYWIDE = "全市";
    /** The channel offline activities are counted under. */
    static final String OFFLINE = "offline";

    private ReachKeys() {
    }

    static String docId(String scope, Dim dim, LocalDate day) {
        return scope + "|" + dim.code + "|" + day;
    }

    static String prefix(String scope, Dim dim) {
        return scope + "|" + dim.code + "|";
    }

    /** The key of one scope, breakdown and group in a person's document: where their reached days are kept. */
    static String scopeKey(String scope, Dim dim, String group) {
        return escape(scope) + "|" + dim.code + "|" + escape(group);
    }

    static String escape(String name) {
        String s = name.replace('.', '\uFF0E');
        return s.startsWith("$") ? "\uFF04" + s.substring(1) : s;
    }

    static String unescape(String field) {
        String s = field.replace('\uFF0E', '.');
        return s.startsWith("\uFF04") ? "$" + s.substring(1) : s;
    }
}
