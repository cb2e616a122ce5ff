package org.qiandai.campaign.templates;

/** A warning that cannot be saved as written; {@code rule} names the rule that refused it (e.g. {@code no-links}). */
public class TemplateRejectedException extends IllegalArgumentException {

    private final String rule;

    public TemplateRejectedException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
