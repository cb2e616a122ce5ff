package org.qiandai.targeting;

import java.math.BigDecimal;

/** Numeric features shown as bands: ages as analysts group them, losses by the amounts police statistics use. */
final class Bands {

    private static final int[] AGE_UPPER = {17, 25, 35, 45, 55, 65};
    private static final String[] AGE_ZH = {"18岁以下", "18–25岁", "26–35岁", "36–45岁", "46–55岁", "56–65岁", "66岁及以上"};
    private static final String[] AGE_EN = {"under 18", "18–25", "26–35", "36–45", "46–55", "56–65", "66+"};
    private static final double[] LOSS_UPPER = {10_000, 50_000, 100_000, 500_000};
    private static final String[] LOSS_ZH = {"1万元以下", "1–5万元", "5–10万元", "10–50万元", "50万元及以上"};
    private static final String[] LOSS_EN = {"under ¥10k", "¥10k–50k", "¥50k–100k", "¥100k–500k", "¥500k and more"};

    private Bands() {
    }

    static String age(Integer age) {
        if (age == null) {
            return CaseEncoder.UNKNOWN;
        }
        for (int i = 0; i < AGE_UPPER.length; i++) {
            if (age <= AGE_UPPER[i]) {
                return AGE_ZH[i];
            }
        }
        return AGE_ZH[AGE_ZH.length - 1];
    }

    static String loss(BigDecimal loss) {
        if (loss == null) {
            return CaseEncoder.UNKNOWN;
        }
        double yuan = loss.doubleValue();
        for (int i = 0; i < LOSS_UPPER.length; i++) {
            if (yuan < LOSS_UPPER[i]) {
                return LOSS_ZH[i];
            }
        }
        return LOSS_ZH[LOSS_ZH.length - 1];
    }

    /** The English name of a band, or null if {@code zh} is not a band. */
    static String english(String zh) {
        for (int i = 0; i < AGE_ZH.length; i++) {
            if (AGE_ZH[i].equals(zh)) {
                return AGE_EN[i];
            }
        }
        for (int i = 0; i < LOSS_ZH.length; i++) {
            if (LOSS_ZH[i].equals(zh)) {
                return LOSS_EN[i];
            }
        }
        return null;
    }
}
