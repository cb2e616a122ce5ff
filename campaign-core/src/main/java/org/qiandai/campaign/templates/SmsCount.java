package org.qiandai.campaign.templates;

import java.util.List;

/**
 * How long an SMS is and how many parts it goes out in.
 *
 * @param encoding   {@code GSM-7} when every character is in the GSM 03.38 basic set or its extension table, else {@code UCS-2}
 * @param characters characters as a reader counts them (Unicode code points)
 * @param units      what the limits count: GSM-7 septets (an extension-table character such as € or [ takes 2) or UCS-2
 *                   code units (UTF-16: an emoji takes 2)
 * @param parts      message parts: one up to 160 septets or 70 units, else parts of 153 or 67, never splitting an
 *                   extension-table pair or a surrogate pair
 * @param perPart    the limit of one part at this length (160, 153, 70 or 67)
 * @param remaining  units still free in the last part
 * @param forcingUcs2 up to five distinct characters outside GSM-7 that made the message UCS-2 (empty for GSM-7)
 */
public record SmsCount(String encoding, int characters, int units, int parts, int perPart, int remaining,
                       List<String> forcingUcs2) {

    public static final String GSM_7 = "GSM-7";
    public static final String UCS_2 = "UCS-2";
}
