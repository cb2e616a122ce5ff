package org.qiandai.campaign.warnings;

import java.util.Arrays;
import java.util.Locale;

/** How the anti-fraud centre learned that the person is at risk. */
public enum LeadSource {
    /** Their phone was called by a number flagged as a fraud number. */
    FLAGGED_CALL,
    /** Their bank flagged a transfer to an account known for fraud. */
    BANK_ALERT,
    /** A relative or someone close called in. */
    FAMILY_REPORT,
    OTHER;

    /**
     * The source a name stands for (any case, hyphens as underscores; also 涉诈来电, 银行预警, 家属报告, 其他);
     * {@link #OTHER} for none.
     */
    static LeadSource parse(String text) {
        if (text == null || text.isBlank()) {
            return OTHER;
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        switch (name) {
            case "涉诈来电", "涉诈号码来电", "涉诈电话" -> {
                return FLAGGED_CALL;
            }
            case "银行预警", "银行" -> {
                return BANK_ALERT;
            }
            case "家属报告", "亲属报告", "家属报警", "亲友报告" -> {
                return FAMILY_REPORT;
            }
            case "其他" -> {
                return OTHER;
            }
            default -> {
            }
        }
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text.strip() + "' is not one of " + Arrays.toString(values())));
    }
}
