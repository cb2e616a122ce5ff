package org.qiandai.campaign.contacts;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A checked contact ready to store: its id (the phone's keyed hash), the phone encrypted and masked, and the
 * attributes tidied. {@link #sameAttributes} tells an unchanged re-import from an update.
 */
record ContactRecord(String id, String encryptedPhone, String maskedPhone, boolean mobile, String district, Integer birthYear,
                     String gender, String occupation, String education, String language, String source, LocalDate consentDate) {

    static final String DEFAULT_LANGUAGE = "zh-CN";
    static final int MAX_TEXT = 200;

    boolean sameAttributes(ContactRecord other) {
        return Objects.equals(district, other.district) && Objects.equals(birthYear, other.birthYear) && Objects.equals(gender, other.gender)
                && Objects.equals(occupation, other.occupation) && Objects.equals(education, other.education)
                && Objects.equals(language, other.language) && Objects.equals(source, other.source)
                && Objects.equals(consentDate, other.consentDate) && mobile == other.mobile;
    }

    /** zh-CN for 中文, zh, 汉语 …; en for English, 英语 …; other BCP 47 tags (mn, ug …) as tags; blank gives zh-CN. */
    static String language(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LANGUAGE;
        }
        String t = text.strip();
        switch (t.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "zh", "zh-cn", "zh-hans", "中文", "汉语", "普通话", "简体中文", "chinese" -> {
                return DEFAULT_LANGUAGE;
            }
            case "en", "en-us", "en-gb", "english", "英语", "英文" -> {
                return "en";
            }
            default -> {
                Locale locale = Locale.forLanguageTag(t.replace('_', '-'));
                if (locale.getLanguage().isEmpty() || !t.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")) {
                    throw new ContactRejectedException("language '" + t + "' is not a language (write zh-CN, en, 中文 or 英语)");
                }
                return locale.toLanguageTag();
            }
        }
    }

    /** 男/女 from 男, 女, M, F, male, female; blank gives null. */
    static String gender(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "男", "男性", "m", "male" -> "男";
            case "女", "女性", "f", "female" -> "女";
            default -> throw new ContactRejectedException("gender '" + text.strip() + "' is not 男 or 女 (M/F, male/female)");
        };
    }

    static String text(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.length() > MAX_TEXT) {
            throw new ContactRejectedException(field + " is longer than " + MAX_TEXT + " characters");
        }
        return t;
    }

    static Integer birthYear(Integer birthYear, Integer age, int thisYear) {
        if (birthYear != null) {
            if (birthYear < thisYear - 120 || birthYear > thisYear) {
                throw new ContactRejectedException("birth year " + birthYear + " is not between " + (thisYear - 120) + " and " + thisYear);
            }
            return birthYear;
        }
        if (age != null) {
            if (age < 0 || age > 120) {
                throw new ContactRejectedException("age must be between 0 and 120");
            }
            return thisYear - age;
        }
        return null;
    }
}
