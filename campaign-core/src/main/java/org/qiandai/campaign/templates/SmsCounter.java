package org.qiandai.campaign.templates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts an SMS the way handsets and gateways do: GSM-7 (GSM 03.38 basic set, extension-table characters count 2)
 * when it fits, else UCS-2 (UTF-16 code units); 160/153 septets or 70/67 units for one part or each part of a
 * concatenated message. Parts are filled greedily and a character never straddles two parts (an escape pair or a
 * surrogate pair moves whole to the next part), so a text can need one part more than its units divided by 153 or 67.
 */
public final class SmsCounter {

    /** GSM 03.38 basic character set (without the escape code itself). */
    static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table: each takes an escape plus itself, two septets. */
    static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    public static final int GSM_SINGLE = 160;
    public static final int GSM_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    private SmsCounter() {
    }

    public static SmsCount count(String text) {
        String s = text == null ? "" : text;
        Set<String> outside = new LinkedHashSet<>();
        s.codePoints().forEach(cp -> {
            if (cp > 0xFFFF || (GSM_BASIC.indexOf(cp) < 0 && GSM_EXTENSION.indexOf(cp) < 0)) {
                outside.add(new String(Character.toChars(cp)));
            }
        });
        int characters = s.codePointCount(0, s.length());
        List<Integer> widths = new ArrayList<>(characters);
        String encoding;
        int single;
        int part;
        if (outside.isEmpty()) {
            encoding = SmsCount.GSM_7;
            single = GSM_SINGLE;
            part = GSM_PART;
            s.codePoints().forEach(cp -> widths.add(GSM_EXTENSION.indexOf(cp) >= 0 ? 2 : 1));
        } else {
            encoding = SmsCount.UCS_2;
            single = UCS2_SINGLE;
            part = UCS2_PART;
            s.codePoints().forEach(cp -> widths.add(Character.charCount(cp)));
        }
        int units = widths.stream().mapToInt(Integer::intValue).sum();
        if (units <= single) {
            return new SmsCount(encoding, characters, units, units == 0 ? 0 : 1, single, single - units, firstFive(outside));
        }
        int parts = 1;
        int used = 0;
        for (int w : widths) {
            if (used + w > part) {
                parts++;
                used = 0;
            }
            used += w;
        }
        return new SmsCount(encoding, characters, units, parts, part, part - used, firstFive(outside));
    }

    /** The parts themselves, split as {@link #count} counts them (for tests and previews). */
    public static List<String> split(String text) {
        SmsCount count = count(text);
        List<String> result = new ArrayList<>();
        if (count.parts() <= 1) {
            if (count.parts() == 1) {
                result.add(text);
            }
            return result;
        }
        boolean gsm = SmsCount.GSM_7.equals(count.encoding());
        StringBuilder current = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = gsm ? (GSM_EXTENSION.indexOf(cp) >= 0 ? 2 : 1) : Character.charCount(cp);
            if (used + w > count.perPart()) {
                result.add(current.toString());
                current.setLength(0);
                used = 0;
            }
            current.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        result.add(current.toString());
        return result;
    }

    private static List<String> firstFive(Set<String> outside) {
        return outside.stream().limit(5).toList();
    }
}
