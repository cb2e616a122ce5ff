package org.qiandai.campaign.templates;

import java.util.List;

/**
 * What the checks make of a draft, saved or not (the editor's live counter).
 *
 * @param channel   the channel id the draft resolves to ({@code sms} for "SMS"); null if unknown
 * @param kind      SMS, TEXT or RICH; null if the channel is unknown
 * @param encoding  GSM-7 or UCS-2 for SMS, TEXT for partner texts, HTML for rich content
 * @param parts     SMS parts (1 for other channels)
 * @param body      the body as it would be saved: rich content after cleaning
 * @param signature the SMS signature that will be used (null for other channels)
 * @param sms       the SMS count of signature + body with each variable at its longest value; null for other channels
 * @param characters the characters of the visible text (rich content: its text), variables at their longest
 * @param variables the variables the body uses
 * @param removed   what the HTML cleaner removed, e.g. {@code <script>}, {@code <img onerror>}
 * @param problems  every rule the draft breaks; saving refuses the first
 */
public record TemplateCheck(String channel, WarningChannel.Kind kind, String encoding, int parts, String body, String signature, SmsCount sms,
                            int characters, List<String> variables, List<String> removed, List<TemplateProblem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
