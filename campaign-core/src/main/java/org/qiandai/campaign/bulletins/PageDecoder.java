package org.qiandai.campaign.bulletins;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an uploaded page's bytes into text. The encoding is, in this order: a byte-order mark; UTF-8 when the bytes
 * are UTF-8 but for a few broken sequences (pages that declare gb2312 but are UTF-8 exist); the charset the page
 * declares in its first 4 KB; GB18030 (a superset of GBK and GB2312), as Chinese sites without a declaration use. Bytes
 * that do not decode become U+FFFD. A file that is not text at all (PDF, Office, image, archive), or whose text is
 * mostly undecodable or control characters, is refused.
 */
final class PageDecoder {

    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?\\s*([a-z0-9_.:\\-]{2,40})");
    /** Share of replacement or control characters above which the "text" is not text. */
    private static final double MAX_GARBAGE = 0.05;

    private PageDecoder() {
    }

    static String decode(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.BAD_REQUEST, "empty", "'" + name + "' is empty");
        }
        String binary = binaryKind(bytes);
        if (binary != null) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.UNSUPPORTED, "not-html",
                    "'" + name + "' is " + binary + ", not an HTML or text page: save the bulletin as a web page (.html) or paste its text");
        }
        String text;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            text = lenient(bytes, 3, StandardCharsets.UTF_8);
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            text = lenient(bytes, 2, StandardCharsets.UTF_16BE);
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            text = lenient(bytes, 2, StandardCharsets.UTF_16LE);
        } else {
            String utf8Text = new String(bytes, StandardCharsets.UTF_8); // fast; malformed bytes become U+FFFD
            long[] utf8 = utf8Text.indexOf('\uFFFD') < 0 ? new long[] {1, 0} : utf8Sequences(bytes);
            Charset declared = declared(bytes);
            if (utf8[1] == 0) {
                text = utf8Text;
            } else if (utf8[0] > 0 && utf8[1] <= Math.max(2, utf8[0] / 50)) {
                text = lenient(bytes, 0, StandardCharsets.UTF_8);
            } else if (declared != null && !declared.equals(StandardCharsets.UTF_8)) {
                text = lenient(bytes, 0, declared);
            } else {
                text = strict(bytes, Charset.forName("GB18030"));
                if (text == null) {
                    text = lenient(bytes, 0, Charset.forName("GB18030"));
                }
            }
        }
        return clean(text, name);
    }

    /** Checks pasted text as uploaded text is checked, and drops control characters. */
    static String clean(String text, String name) {
        int garbage = 0;
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F;
            if (control || c == '\uFFFD') {
                garbage++;
            }
            if (control) {
                if (sb == null) {
                    sb = new StringBuilder(text.length()).append(text, 0, i);
                }
                sb.append(' ');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        if (text.length() >= 64 && garbage > text.length() * MAX_GARBAGE) {
            throw new BulletinRefusedException(BulletinRefusedException.Reason.UNREADABLE, "encoding", String.format(Locale.ROOT,
                    "'%s' does not read as text: %d of its %d characters are undecodable or control characters "
                            + "(tried its byte-order mark, UTF-8, its declared charset and GB18030)", name, garbage, text.length()));
        }
        return sb == null ? text : sb.toString();
    }

    private static String binaryKind(byte[] b) {
        if (startsWith(b, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(b, 'P', 'K', 3, 4)) {
            return "a zip archive (perhaps a Word or Excel file)";
        }
        if (startsWith(b, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an Office document";
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G') || startsWith(b, 'G', 'I', 'F', '8') || startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "an image";
        }
        if (startsWith(b, 0x1F, 0x8B)) {
            return "a gzip archive";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Charset declared(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher m = CHARSET.matcher(head);
        if (!m.find()) {
            return null;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (name.equals("gb2312") || name.equals("gbk") || name.equals("x-gbk") || name.equals("cp936")) {
            return Charset.forName("GB18030");
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null; // unknown or illegal: fall back as if none was declared
        }
    }

    /** How many well-formed multi-byte UTF-8 sequences the bytes hold, and how many broken ones. */
    static long[] utf8Sequences(byte[] bytes) {
        long valid = 0;
        long broken = 0;
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            if (length == 1) {
                i++;
                continue;
            }
            boolean ok = length > 0 && i + length <= bytes.length;
            for (int k = 1; ok && k < length; k++) {
                ok = (bytes[i + k] & 0xC0) == 0x80;
            }
            if (ok) {
                valid++;
                i += length;
            } else {
                broken++;
                i++;
            }
        }
        return new long[] {valid, broken};
    }

    private static String strict(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String lenient(byte[] bytes, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e); // REPLACE never reports
        }
    }
}
