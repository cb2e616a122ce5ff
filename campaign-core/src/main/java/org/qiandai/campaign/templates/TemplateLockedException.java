package org.qiandai.campaign.templates;

/** A warning that may not change now: a campaign past DRAFT uses it. */
public class TemplateLockedException extends IllegalStateException {

    public TemplateLockedException(String message) {
        super(message);
    }
}
