package org.qiandai.campaign.templates;

/**
 * A warning as its author writes it. {@code channel}: a channel id ({@code sms-twilio}, {@code sms-smpp},
 * {@code ride-hailing}, {@code food-delivery}, {@code mms}, {@code partner-card}) or {@code SMS} for any SMS channel;
 * {@code signature} only for SMS (null: the configured default, {@code qiandai.sms.signature}).
 */
public record TemplateDraft(String name, String channel, String language, String body, String signature) {
}
