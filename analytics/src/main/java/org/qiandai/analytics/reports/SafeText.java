package org.qiandai.analytics.reports;

/**
 * Text that a spreadsheet program would take for a formula (or a DDE call) when it begins with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return: in a CSV file such text is written with a leading apostrophe, the
 * mark every spreadsheet program reads as "this is text"; in a workbook it is a string cell marked quote-prefixed.
 */
public final class SafeText {

    private SafeText() {
    }

    public static boolean risky(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** The text as a CSV cell should hold it (before CSV quoting). */
    public static String forCsv(String text) {
        return risky(text) ? "'" + text : text;
    }
}
