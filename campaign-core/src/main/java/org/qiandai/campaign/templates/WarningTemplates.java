package org.qiandai.campaign.templates;

import java.util.Map;
import java.util.Optional;

/** What pushes need of warnings; implemented by {@link Warnings}. */
public interface WarningTemplates {

    Optional<WarningTemplate> get(String id);

    /** The text one recipient receives: signature and body with the variables filled in. */
    String render(WarningTemplate template, Map<String, String> variables);
}
