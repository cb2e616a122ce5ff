package org.qiandai.campaign.contacts;

import java.util.regex.Pattern;

/**
 * A Chinese phone number in E.164 form. Mobiles ({@code +86 1[3-9]xxxxxxxxx}) are what the platform messages; landlines
 * ({@code 0472-1234567} → {@code +864721234567}) are accepted as numbers so that a contact list keeps its people, but are
 * not {@link #mobile()} and so never receive an SMS. Everything else (other countries, wrong lengths, letters) is refused.
 */
public record PhoneNumber(String e164, boolean mobile) {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-–—.()（）/]");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    /** Area code without its 0 (10, 2x, or three digits from 3–9) and a 7- or 8-digit subscriber number. */
    private static final Pattern LANDLINE = Pattern.compile("(10|2\\d|[3-9]\\d{2})\\d{7,8}");

    /** A number refused, with the reason. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Reads 13800000000, 138-0000-0000, 138 0000 0000, +86 138…, 0086…, 86138…, (0472)1234567, 0472-1234567, +86 472 1234567.
     *
     * @throws Invalid saying why the text is not a Chinese phone number
     */
    public static PhoneNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("phone number is missing");
        }
        String s = SEPARATORS.matcher(java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).strip()).replaceAll("");
        boolean international = false;
        if (s.startsWith("+")) {
            s = s.substring(1);
            international = true;
        } else if (s.startsWith("00")) {
            s = s.substring(2);
            international = true;
        }
        if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid("phone number may hold only digits, spaces, hyphens, brackets and a leading +");
        }
        if (international && !s.startsWith("86")) {
            throw new Invalid("only Chinese numbers (+86) are accepted");
        }
        if (international || (s.startsWith("86") && s.length() == 13 && MOBILE.matcher(s.substring(2)).matches())) {
            s = s.substring(2);
            if (s.startsWith("0")) {
                s = s.substring(1); // +86 (0)472 …
            }
        } else if (s.startsWith("0")) {
            s = s.substring(1);
        } else if (!s.startsWith("1")) {
            throw new Invalid("not a phone number: a mobile has 11 digits starting 13–19, a landline starts with its area code (0472-1234567)");
        }
        if (MOBILE.matcher(s).matches()) {
            return new PhoneNumber("+86" + s, true);
        }
        if (s.startsWith("1") && !s.startsWith("10")) {
            throw new Invalid("not a mobile number: a Chinese mobile has 11 digits starting 13–19");
        }
        if (LANDLINE.matcher(s).matches()) {
            return new PhoneNumber("+86" + s, false);
        }
        throw new Invalid("not a phone number: a mobile has 11 digits starting 13–19, a landline its area code and 7–8 digits");
    }

    /** The national form with the middle hidden: {@code 138****5678}, {@code 047****4567}. */
    public String masked() {
        return mask(national());
    }

    /** 13812345678 or 04721234567. */
    public String national() {
        String rest = e164.substring(3);
        return mobile ? rest : "0" + rest;
    }

    /** Any digits with all but the first three and last four hidden (the last two for short text). */
    static String mask(String digits) {
        if (digits == null) {
            return null;
        }
        if (digits.length() >= 8) {
            return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
        }
        return "*".repeat(Math.max(0, digits.length() - 2)) + digits.substring(Math.max(0, digits.length() - 2));
    }
}
