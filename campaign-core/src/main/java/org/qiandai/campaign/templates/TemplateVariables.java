package org.qiandai.campaign.templates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables a warning may hold, and their check. Only name-free facts are allowed, never personal data:
 * {@code {district}} (the recipient's district, e.g. 昆都仑区), {@code {hotline}} (the anti-fraud hotline,
 * {@code qiandai.templates.hotline}, default 96110) and {@code {sign}} (the tell-tale sign of the scam an early warning is
 * about, {@link FraudSigns}; a campaign's warning reads the generic sign). A brace always opens or closes a variable; a
 * lone brace is refused. SMS lengths are counted with each variable at its longest value (the longest sign of the
 * warning's language), so no recipient's message is longer than shown.
 */
public final class TemplateVariables {

    /** name → the longest value it takes (Baotou's longest district name; a five-digit hotline). */
    static final Map<String, String> ALLOWED = Map.of(
            "district", "达尔罕茂明安联合旗",
            "hotline", "96110",
            "sign", FraudSigns.longest("zh-CN"));

    private TemplateVariables() {
    }

    public static List<String> allowed() {
        return List.of("district", "hotline", "sign");
    }

    /** The variables used, in order of first use; a problem if a brace is unbalanced or a name is not allowed. */
    static Parsed parse(String text) {
        Set<String> used = new LinkedHashSet<>();
        List<TemplateProblem> problems = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                problems.add(new TemplateProblem("unbalanced-brace",
                        "'}' at character " + (i + 1) + " closes no variable; write variables as {district}, {hotline} or {sign}"));
                return new Parsed(List.copyOf(used), problems);
            }
            if (c == '{') {
                int close = text.indexOf('}', i + 1);
                int nextOpen = text.indexOf('{', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                    problems.add(new TemplateProblem("unbalanced-brace",
                            "'{' at character " + (i + 1) + " is never closed; write variables as {district}, {hotline} or {sign}"));
                    return new Parsed(List.copyOf(used), problems);
                }
                String name = text.substring(i + 1, close).trim();
                if (!ALLOWED.containsKey(name)) {
                    problems.add(new TemplateProblem("unknown-variable", "unknown variable {" + name + "}: allowed are "
                            + "{district}, {hotline} and {sign}; a warning never carries personal data such as names or phone numbers"));
                } else {
                    used.add(name);
                }
                i = close + 1;
                continue;
            }
            i++;
        }
        return new Parsed(List.copyOf(used), problems);
    }

    /** The text with every allowed variable replaced by its value (missing values by {@code fallback}). */
    static String fill(String text, Map<String, String> values, java.util.function.UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int close = c == '{' ? text.indexOf('}', i + 1) : -1;
            if (close > 0) {
                String name = text.substring(i + 1, close).trim();
                String value = values.get(name);
                if (ALLOWED.containsKey(name) && value != null) {
                    out.append(escape.apply(value.replace("{", "").replace("}", "")));
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The text as long as it can get: each variable at its longest value. */
    static String longest(String text) {
        return fill(text, ALLOWED, v -> v);
    }

    /** As {@link #longest(String)}, with {@code {sign}} at the longest sign of {@code language}. */
    static String longest(String text, String language) {
        Map<String, String> values = new java.util.HashMap<>(ALLOWED);
        values.put("sign", FraudSigns.longest(language));
        return fill(text, values, v -> v);
    }

    record Parsed(List<String> variables, List<TemplateProblem> problems) {
    }
}
