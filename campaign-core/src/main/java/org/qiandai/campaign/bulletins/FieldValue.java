package org.qiandai.campaign.bulletins;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One field read from a narrative: its value (a {@code yyyy-MM-dd} date, a whole age, a loss in yuan, or a text),
 * how sure the reading is (0–1), and the text it came from. {@code start}/{@code end} locate {@code span} in the
 * draft's text (character offsets, end exclusive); they are absent when the value came from the heading the case stands
 * under ({@code from} = {@code "heading"}), whose text {@code span} then quotes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldValue(Object value, double confidence, String span, Integer start, Integer end, String from) {

    static FieldValue inText(Object value, double confidence, String text, int start, int end) {
        return new FieldValue(value, confidence, text.substring(start, end), start, end, null);
    }

    static FieldValue fromHeading(Object value, double confidence, String span) {
        return new FieldValue(value, confidence, span, null, null, "heading");
    }

    /** Whether the span lies in the draft's text (and can be highlighted there). */
    public boolean inText() {
        return start != null && end != null;
    }
}
