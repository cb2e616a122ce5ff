package org.qiandai.web.bulletins;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.qiandai.campaign.bulletins.BulletinField;
import org.qiandai.campaign.bulletins.DraftStatus;
import org.qiandai.campaign.bulletins.DraftView;
import org.qiandai.campaign.bulletins.FieldValue;

/**
 * One draft as the review page shows it: its narrative cut into pieces at every span boundary (a piece knows which
 * fields' spans cover it, so the page marks them; the text itself is always written escaped), and one form row per
 * field with the value to edit, the confidence and the span. Public because templates read it.
 */
public record DraftCard(DraftView draft, List<Piece> pieces, List<Row> rows, String error) {

    /** A run of the narrative; {@code fields} (keys, space-separated) is empty where no span covers it. */
    public record Piece(String text, String fields) {
        public boolean marked() {
            return !fields.isEmpty();
        }

        /** CSS classes: {@code hl hl-age hl-gender …}. */
        public String classes() {
            StringBuilder sb = new StringBuilder("hl");
            for (String f : fields.split(" ")) {
                sb.append(" hl-").append(f);
            }
            return sb.toString();
        }
    }

    /**
     * A field's row: the value to put in the form (the analyst's correction after a refusal, else what was read), and
     * what was read: confidence (0–100, {@code null} when nothing was read), level ({@code high}, {@code mid},
     * {@code low}), span, and whether the span is in the heading rather than the narrative.
     */
    public record Row(String key, String value, Integer percent, String level, String span, boolean fromHeading) {
        public boolean read() {
            return percent != null;
        }
    }

    public boolean open() {
        return draft.status() == DraftStatus.DRAFT;
    }

    static DraftCard of(DraftView draft, Map<String, String> posted, String error) {
        return new DraftCard(draft, pieces(draft), rows(draft, posted), error);
    }

    private static List<Row> rows(DraftView draft, Map<String, String> posted) {
        List<Row> rows = new ArrayList<>();
        Map<String, Object> stored = draft.caseValues();
        for (BulletinField field : BulletinField.values()) {
            FieldValue read = draft.fields().get(field.key());
            String value;
            if (posted != null) {
                value = posted.getOrDefault(field.key(), "");
            } else if (stored != null) {
                value = text(stored.get(field.key()));
            } else {
                value = read == null ? "" : text(read.value());
            }
            Integer percent = read == null ? null : (int) Math.round(read.confidence() * 100);
            String level = read == null ? null : read.confidence() >= 0.85 ? "high" : read.confidence() >= 0.7 ? "mid" : "low";
            rows.add(new Row(field.key(), value, percent, level, read == null ? null : read.span(), read != null && !read.inText()));
        }
        return rows;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** The narrative cut at every span start and end, each piece with the fields whose spans cover it. */
    static List<Piece> pieces(DraftView draft) {
        String text = draft.text() == null ? "" : draft.text();
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, text.length()));
        for (FieldValue v : draft.fields().values()) {
            if (v.inText() && v.start() >= 0 && v.end() <= text.length() && v.start() < v.end()) {
                cuts.add(v.start());
                cuts.add(v.end());
            }
        }
        List<Piece> pieces = new ArrayList<>();
        Integer from = null;
        for (int cut : cuts) {
            if (from != null && cut > from) {
                StringBuilder fields = new StringBuilder();
                for (Map.Entry<String, FieldValue> e : draft.fields().entrySet()) {
                    FieldValue v = e.getValue();
                    if (v.inText() && v.start() <= from && v.end() >= cut) {
                        fields.append(fields.isEmpty() ? "" : " ").append(e.getKey());
                    }
                }
                pieces.add(new Piece(text.substring(from, cut), fields.toString()));
            }
            from = cut;
        }
        return pieces;
    }
}
