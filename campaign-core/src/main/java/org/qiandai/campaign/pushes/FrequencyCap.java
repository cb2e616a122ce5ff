package org.qiandai.campaign.pushes;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** At most {@code max} warnings to one person within {@code window}; written {@code 2/7d} (also {@code h} for hours). */
public record FrequencyCap(int max, Duration window) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*([dh])\\s*");

    public static FrequencyCap parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("frequency cap '" + text + "' is not N/Md or N/Mh (e.g. 2/7d)");
        }
        long amount = Long.parseLong(m.group(2));
        return new FrequencyCap(Integer.parseInt(m.group(1)), m.group(3).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount));
    }

    @Override
    public String toString() {
        return window.toHours() % 24 == 0 ? max + "/" + window.toDays() + "d" : max + "/" + window.toHours() + "h";
    }
}
