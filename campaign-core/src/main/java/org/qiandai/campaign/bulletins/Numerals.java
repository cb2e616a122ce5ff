package org.qiandai.campaign.bulletins;

import java.math.BigDecimal;

/**
 * Numbers as bulletins write them: figures ({@code 48200}, {@code 48,200}, {@code 8.6}) and Chinese numerals
 * ({@code 三万}, {@code 三万五千}, {@code 十二}, {@code 一千零五}, colloquial {@code 三万五} = 35,000, and digit by digit
 * {@code 二〇二四}). Answers {@code null} for anything else.
 */
final class Numerals {

    static final String CHINESE = "零〇一二两三四五六七八九十百千万亿";

    private Numerals() {
    }

    static BigDecimal parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        char first = text.charAt(0);
        if (first >= '0' && first <= '9') {
            try {
                return new BigDecimal(text.replace(",", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Long value = chinese(text);
        return value == null ? null : BigDecimal.valueOf(value);
    }

    private static int digit(char c) {
        return switch (c) {
            case '零', '〇' -> 0;
            case '一' -> 1;
            case '二', '两' -> 2;
            case '三' -> 3;
            case '四' -> 4;
            case '五' -> 5;
            case '六' -> 6;
            case '七' -> 7;
            case '八' -> 8;
            case '九' -> 9;
            default -> -1;
        };
    }

    private static long unit(char c) {
        return switch (c) {
            case '十' -> 10;
            case '百' -> 100;
            case '千' -> 1000;
            case '万' -> 10_000;
            case '亿' -> 100_000_000;
            default -> -1;
        };
    }

    /** A Chinese numeral, or {@code null} when the text is not one. */
    static Long chinese(String text) {
        boolean unitless = true;
        for (int i = 0; i < text.length(); i++) {
            if (digit(text.charAt(i)) < 0) {
                unitless = false;
            }
        }
        if (unitless) {
            if (text.length() == 1) {
                return (long) digit(text.charAt(0));
            }
            long value = 0;
            for (int i = 0; i < text.length(); i++) {
                value = value * 10 + digit(text.charAt(i));
            }
            return value;
        }
        long total = 0;
        long section = 0;
        long number = 0;
        boolean haveNumber = false;
        long lastUnit = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int d = digit(c);
            if (d >= 0) {
                if (haveNumber && number != 0 && d != 0) {
                    return null; // 一三: two digits with no unit between them
                }
                number = d;
                haveNumber = true;
                continue;
            }
            long u = unit(c);
            if (u < 0) {
                return null;
            }
            if (u < 10_000) {
                if (!haveNumber) {
                    if (c != '十') {
                        return null;
                    }
                    number = 1; // 十二 = 12
                }
                section += number * u;
            } else {
                section += number;
                if (section == 0 && total == 0) {
                    return null; // 万 alone
                }
                if (u == 10_000) {
                    total += section * u;
                } else {
                    total = (total + section) * u;
                }
                section = 0;
            }
            lastUnit = u;
            number = 0;
            haveNumber = false;
        }
        if (haveNumber && number != 0 && lastUnit >= 10) {
            // colloquial: 三万五 = 35,000, 一千五 = 1,500 (but 一千零五 = 1,005)
            boolean afterZero = text.length() >= 2 && digit(text.charAt(text.length() - 2)) == 0;
            if (!afterZero) {
                number *= lastUnit / 10;
            }
        }
        return total + section + number;
    }
}
