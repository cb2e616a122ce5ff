package org.qiandai.channels.smpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message as SMPP short messages: plain ASCII in the default alphabet (data_coding 0: 160 characters, 153 per part
 * when concatenated), anything else — Chinese above all — in UCS-2 (data_coding 8, UTF-16BE: 70 code units, 67 per
 * part). A longer text becomes concatenated parts, each starting with a user data header (esm_class UDHI)
 * {@code 05 00 03 <ref> <total> <seq>}; parts never split a surrogate pair.
 */
record SmppText(boolean ucs2, List<byte[]> parts) {

    static final byte DATA_CODING_DEFAULT = 0x00;
    static final byte DATA_CODING_UCS2 = 0x08;
    private static final AtomicInteger REFERENCE = new AtomicInteger();

    boolean concatenated() {
        return parts.size() > 1;
    }

    byte dataCoding() {
        return ucs2 ? DATA_CODING_UCS2 : DATA_CODING_DEFAULT;
    }

    static SmppText of(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n' || c == '\r');
        int single = ascii ? 160 : 70;
        int perPart = ascii ? 153 : 67;
        if (text.length() <= single) {
            return new SmppText(!ascii, List.of(encode(text, ascii)));
        }
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + perPart);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            chunks.add(text.substring(i, end));
            i = end;
        }
        if (chunks.size() > 255) {
            throw new IllegalArgumentException("a message of " + chunks.size() + " parts is too long for SMPP (at most 255)");
        }
        byte ref = (byte) REFERENCE.incrementAndGet();
        List<byte[]> parts = new ArrayList<>(chunks.size());
        for (int k = 0; k < chunks.size(); k++) {
            byte[] body = encode(chunks.get(k), ascii);
            byte[] part = new byte[6 + body.length];
            part[0] = 0x05;
            part[1] = 0x00;
            part[2] = 0x03;
            part[3] = ref;
            part[4] = (byte) chunks.size();
            part[5] = (byte) (k + 1);
            System.arraycopy(body, 0, part, 6, body.length);
            parts.add(part);
        }
        return new SmppText(!ascii, parts);
    }

    private static byte[] encode(String text, boolean ascii) {
        return text.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE);
    }

    /** A received short message as text: UCS-2 or the default alphabet, its user data header (if any) skipped. */
    static String decode(byte[] message, byte dataCoding, boolean udhi) {
        int from = 0;
        if (udhi && message.length > 0) {
            from = Math.min(message.length, 1 + (message[0] & 0xff));
        }
        byte[] body = java.util.Arrays.copyOfRange(message, from, message.length);
        return (dataCoding & 0x0f) == DATA_CODING_UCS2 ? new String(body, StandardCharsets.UTF_16BE) : new String(body, StandardCharsets.ISO_8859_1);
    }
}
