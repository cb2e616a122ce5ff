package org.qiandai.campaign.bulletins;

/**
 * Text helpers for reading narratives. {@link #fold} maps one character to one character, so that offsets found in
 * the folded text are offsets in the original: full-width ASCII forms become ASCII, the ideographic and no-break spaces
 * a plain space, and ASCII letters upper case.
 */
final class Texts {

    private Texts() {
    }

    static String fold(String text) {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char f = fold(c);
            if (f != c) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = f;
            }
        }
        return out == null ? text : new String(out);
    }

    static char fold(char c) {
        char f = c;
        if (c >= '\uFF01' && c <= '\uFF5E') {
            f = (char) (c - 0xFEE0);
        } else if (c == '\u3000' || c == '\u00A0' || c == '\u2002' || c == '\u2003' || c == '\u2009') {
            f = ' ';
        } else if (c == '\u3007') {
            f = '〇';
        }
        if (f >= 'a' && f <= 'z') {
            f = (char) (f - 32);
        }
        return f;
    }

    static boolean isHan(char c) {
        return c >= '\u4E00' && c <= '\u9FFF' || c >= '\u3400' && c <= '\u4DBF';
    }

    /** The white space above ASCII: no-break, ideographic, the typographic spaces and the zero-width space. */
    private static boolean unicodeSpace(char c) {
        return c == '\u00A0' || c == '\u0085' || c == '\u1680' || c >= '\u2000' && c <= '\u200B' || c == '\u2028' || c == '\u2029'
                || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    /** Runs of white space (any kind) become one space; the ends are trimmed. */
    static String collapse(CharSequence text) {
        char[] out = new char[text.length()]; // a char array: a StringBuilder would copy itself when the first CJK char arrives
        int n = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x80 && c <= 0x3000 && unicodeSpace(c) || c == '\uFEFF') {
                space = n > 0;
            } else {
                if (space) {
                    out[n++] = ' ';
                    space = false;
                }
                out[n++] = c;
            }
        }
        return new String(out, 0, n);
    }
}
