package org.qiandai.campaign.cases;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.DateUtil;

/**
 * Reads one field from a cell as real exports write it. A cell arrives as {@code String} (text, CSV), {@code Double}
 * (a numeric cell, dates included: Excel stores them as day serials) or {@code Boolean}. Each method returns the
 * value, {@code null} for an empty cell, or throws {@link Invalid} with a message for the analyst.
 */
final class CaseValues {

    static final int MAX_TEXT = 200;
    static final int MAX_NOTE = 4000;
    static final int MAX_CASE_NO = 64;
    /** Longest value an import error quotes; longer ones are cut and end with an ellipsis. */
    static final int MAX_QUOTED = 200;

    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T]\\d{1,2}[:时]\\d{1,2}(?:[:分]\\d{1,2}(?:\\.\\d+)?秒?)?)?");
    private static final Pattern COMPACT_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern AGE = Pattern.compile("(\\d{1,3})(?:\\.0+)?\\s*(?:周岁|岁)?");
    private static final Pattern LOSS = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(万|亿)?");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])");
    private static final BigDecimal WAN = BigDecimal.valueOf(10_000);
    private static final BigDecimal YI = BigDecimal.valueOf(100_000_000);
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    /** A value that cannot be read; the message says why. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private CaseValues() {
    }

    static String caseNo(Object cell) throws Invalid {
        String text = cell instanceof Double d ? plainNumber(d) : text(cell);
        if (text == null) {
            throw new Invalid("case number is missing");
        }
        text = nfkc(text).strip();
        if (text.length() > MAX_CASE_NO) {
            throw new Invalid("case number is longer than " + MAX_CASE_NO + " characters");
        }
        return text;
    }

    static LocalDate date(Object cell, boolean date1904, LocalDate today) throws Invalid {
        LocalDate date;
        if (cell instanceof Double serial) {
            if (serial < 1 || !DateUtil.isValidExcelDate(serial)) {
                throw new Invalid("report date is not a date");
            }
            date = DateUtil.getLocalDateTime(serial, date1904).toLocalDate();
        } else {
            String text = text(cell);
            if (text == null) {
                return null;
            }
            date = parseDate(nfkc(text).strip());
        }
        if (date.isBefore(EARLIEST)) {
            throw new Invalid("report date is before 1900");
        }
        if (date.isAfter(today)) {
            throw new Invalid("report date lies in the future (today is " + today + ")");
        }
        return date;
    }

    private static LocalDate parseDate(String text) throws Invalid {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            m = COMPACT_DATE.matcher(text);
            if (!m.matches()) {
                throw new Invalid("report date is not a date (write 2021-03-05, 2021/3/5 or 2021年3月5日)");
            }
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw new Invalid("report date is not a real date");
        }
    }

    static Integer age(Object cell) throws Invalid {
        int age;
        if (cell instanceof Double d) {
            if (d != Math.rint(d)) {
                throw new Invalid("age is not a whole number");
            }
            if (d < 0 || d > 120) {
                throw new Invalid("age must be between 0 and 120");
            }
            return d.intValue();
        }
        String text = text(cell);
        if (text == null) {
            return null;
        }
        Matcher m = AGE.matcher(nfkc(text).strip());
        if (!m.matches()) {
            throw new Invalid("age is not a whole number of years (write 45 or 45岁)");
        }
        age = Integer.parseInt(m.group(1));
        if (age > 120) {
            throw new Invalid("age must be between 0 and 120");
        }
        return age;
    }

    /** Loss in yuan, to the fen. Accepts 52000, 52,000, 52000元, ¥52000, 5.2万元, 5.2万, 1.2亿. */
    static BigDecimal loss(Object cell) throws Invalid {
        BigDecimal yuan;
        if (cell instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new Invalid("loss is not a number");
            }
            yuan = BigDecimal.valueOf(d);
        } else {
            String text = text(cell);
            if (text == null) {
                return null;
            }
            String t = nfkc(text).strip()
                    .replace(",", "").replace("，", "").replace(" ", "")
                    .replace("¥", "").replace("￥", "").replace("RMB", "").replace("人民币", "");
            if (t.endsWith("元")) {
                t = t.substring(0, t.length() - 1);
            }
            Matcher m = LOSS.matcher(t);
            if (!m.matches()) {
                throw new Invalid("loss is not a number (write 52000, 52000元 or 5.2万)");
            }
            yuan = new BigDecimal(m.group(1));
            if ("万".equals(m.group(2))) {
                yuan = yuan.multiply(WAN);
            } else if ("亿".equals(m.group(2))) {
                yuan = yuan.multiply(YI);
            }
        }
        if (yuan.signum() < 0) {
            throw new Invalid("loss must not be negative");
        }
        return plain(yuan.setScale(2, RoundingMode.HALF_UP));
    }

    /** NFKC (full-width digits and brackets to ASCII); skipped for text that has no character it could change. */
    static String nfkc(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x00A0) {
                return Normalizer.normalize(text, Normalizer.Form.NFKC);
            }
        }
        return text;
    }

    /** Runs of white space become one space; most values have none, and they are returned as they are. */
    private static String collapseSpaces(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && (text.charAt(i) != ' ' || (i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))))) {
                return WHITESPACE.matcher(text).replaceAll(" ");
            }
        }
        return text;
    }

    /** Yuan without trailing zeros and never in exponent form: 52000, 8600.5, 0. */
    static BigDecimal plain(BigDecimal yuan) {
        BigDecimal stripped = yuan.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static String gender(Object cell) throws Invalid {
        String text = category(cell);
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase()) {
            case "男", "男性", "m", "male" -> "男";
            case "女", "女性", "f", "female" -> "女";
            default -> text;
        };
    }

    /** A categorical text value (district, occupation …), trimmed, kept as written. Formula-like text stays text. */
    static String category(Object cell) throws Invalid {
        String text = cell instanceof Double d ? plainNumber(d) : text(cell);
        if (text == null) {
            return null;
        }
        text = collapseSpaces(text.strip());
        if (text.length() > MAX_TEXT) {
            throw new Invalid("value is longer than " + MAX_TEXT + " characters");
        }
        return text;
    }

    /** Free text. Mobile and ID numbers inside it are masked: case records hold no personal identifiers. */
    static String note(Object cell) throws Invalid {
        String text = cell instanceof Double d ? plainNumber(d) : text(cell);
        if (text == null) {
            return null;
        }
        text = text.strip();
        if (text.length() > MAX_NOTE) {
            throw new Invalid("note is longer than " + MAX_NOTE + " characters");
        }
        return mask(text);
    }

    /**
     * The cell as an import error quotes it: personal identifiers masked as in notes, at most {@link #MAX_QUOTED}
     * characters. A refused value is kept with the import's record, so it must hold no more than a stored case may.
     */
    static String quoted(Object cell) {
        String text = text(cell);
        if (text == null) {
            return null;
        }
        text = mask(text);
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
    }

    private static String mask(String text) {
        String masked = MOBILE.matcher(text).replaceAll("***********");
        return ID_NUMBER.matcher(masked).replaceAll("******************");
    }

    /** The cell as text, {@code null} when empty or only blanks. */
    static String text(Object cell) {
        if (cell == null) {
            return null;
        }
        String text = cell instanceof Double d ? plainNumber(d) : cell.toString();
        text = text.replace("\uFEFF", "").replace("\u200B", "");
        return text.isBlank() ? null : text;
    }

    private static String plainNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : BigDecimal.valueOf(d).toPlainString();
    }
}
