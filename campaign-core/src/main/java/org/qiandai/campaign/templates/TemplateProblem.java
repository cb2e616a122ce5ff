package org.qiandai.campaign.templates;

/**
 * One rule a warning breaks. Rules: {@code name-required}, {@code name-too-long}, {@code body-required}, {@code unknown-channel},
 * {@code unsupported-language}, {@code unbalanced-brace}, {@code unknown-variable}, {@code no-links},
 * {@code sms-too-long}, {@code text-too-long}, {@code signature}.
 */
public record TemplateProblem(String rule, String message) {
}
