package org.qiandai.campaign.warnings;

import java.util.Arrays;
import java.util.Locale;

/**
 * The steps of the escalation ladder ({@code qiandai.warning.ladder}, default {@code SMS,CALL,RELATIVES,VISIT}): a
 * warning SMS naming the scam's sign, a call by the duty officer of the person's district, a call to a registered
 * relative, a visit by the community officer. Each but SMS is a task for a person; each has a deadline
 * ({@code qiandai.warning.sla.<step>}, lower case: {@code sms}, {@code call}, {@code relatives}, {@code visit}).
 */
public enum LadderStep {
    SMS, CALL, RELATIVES, VISIT;

    /** A task for an officer (all but SMS, which goes out by itself). */
    public boolean human() {
        return this != SMS;
    }

    /** The step's name in settings: {@code sms}, {@code call}, {@code relatives}, {@code visit}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A step by its name in any case; also {@code DUTY_CALL}, {@code RELATIVE_CALL}, {@code RELATIVE}. */
    static LadderStep parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (name) {
            case "DUTY_CALL" -> CALL;
            case "RELATIVE", "RELATIVE_CALL" -> RELATIVES;
            default -> Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + text.strip() + "' is not one of " + Arrays.toString(values())));
        };
    }
}
