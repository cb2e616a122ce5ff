package org.qiandai.campaign.bulletins;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The words bulletins are read with: fraud types with their keyword rules, occupations, venues, contact channels and
 * gender words (each a value and the keywords that mean it), other names of the configured districts, and extra table
 * headers. Loaded from YAML ({@code bulletins/vocabulary.yml} by default); see that file for how each list is used.
 */
public record Vocabulary(List<FraudTypeRule> fraudTypes, List<Term> occupations, List<Term> venues, List<Term> contactChannels,
                         List<Term> genders, Map<String, List<String>> districtAliases, Map<String, List<String>> tableHeaders) {

    /** A value and the keywords that mean it. */
    public record Term(String name, List<String> keywords) {
    }

    /** A fraud type: 3 points per strong keyword found, 1 per weak one. */
    public record FraudTypeRule(String name, List<String> strong, List<String> weak) {
    }

    /** A vocabulary that cannot be used; the message says where. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Set<String> SECTIONS = Set.of("fraudTypes", "occupations", "venues", "contactChannels", "genders",
            "districtAliases", "tableHeaders");
    private static final Set<String> TABLE_FIELDS;

    static {
        java.util.Set<String> fields = new java.util.HashSet<>();
        for (BulletinField f : BulletinField.values()) {
            fields.add(f.key());
        }
        fields.add("narrative");
        TABLE_FIELDS = Set.copyOf(fields);
    }

    static Vocabulary parse(InputStream in, String where) throws Invalid {
        Object root;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (YAMLException | IOException e) {
            throw new Invalid(where + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new Invalid(where + ": expected the sections " + SECTIONS);
        }
        for (Object key : map.keySet()) {
            if (!SECTIONS.contains(String.valueOf(key))) {
                throw new Invalid(where + ": unknown section '" + key + "' (known: " + SECTIONS + ")");
            }
        }
        List<FraudTypeRule> types = new ArrayList<>();
        List<?> typeItems = list(map.get("fraudTypes"), where + ": fraudTypes");
        for (int i = 0; i < typeItems.size(); i++) {
            String at = where + ": fraudTypes[" + i + "]";
            Map<?, ?> item = object(typeItems.get(i), at, Set.of("name", "strong", "weak"));
            types.add(new FraudTypeRule(name(item, at), words(item.get("strong"), at + ".strong", true), words(item.get("weak"), at + ".weak", false)));
        }
        if (types.isEmpty()) {
            throw new Invalid(where + ": fraudTypes lists no type");
        }
        Map<String, List<String>> aliases = stringLists(map.get("districtAliases"), where + ": districtAliases");
        Map<String, List<String>> headers = stringLists(map.get("tableHeaders"), where + ": tableHeaders");
        for (String field : headers.keySet()) {
            if (!TABLE_FIELDS.contains(field)) {
                throw new Invalid(where + ": tableHeaders." + field + " is not a field (known: " + TABLE_FIELDS + ")");
            }
        }
        return new Vocabulary(List.copyOf(types), terms(map, "occupations", where), terms(map, "venues", where),
                terms(map, "contactChannels", where), terms(map, "genders", where), aliases, headers);
    }

    private static List<Term> terms(Map<?, ?> map, String section, String where) throws Invalid {
        List<Term> terms = new ArrayList<>();
        List<?> items = list(map.get(section), where + ": " + section);
        for (int i = 0; i < items.size(); i++) {
            String at = where + ": " + section + "[" + i + "]";
            Map<?, ?> item = object(items.get(i), at, Set.of("name", "keywords"));
            terms.add(new Term(name(item, at), words(item.get("keywords"), at + ".keywords", true)));
        }
        return List.copyOf(terms);
    }

    private static List<?> list(Object value, String at) throws Invalid {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new Invalid(at + " must be a list");
        }
        return list;
    }

    private static Map<?, ?> object(Object value, String at, Set<String> keys) throws Invalid {
        if (!(value instanceof Map<?, ?> map)) {
            throw new Invalid(at + " must have " + keys);
        }
        for (Object key : map.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                throw new Invalid(at + ": unknown key '" + key + "' (known: " + keys + ")");
            }
        }
        return map;
    }

    private static String name(Map<?, ?> item, String at) throws Invalid {
        Object name = item.get("name");
        if (name == null || String.valueOf(name).isBlank()) {
            throw new Invalid(at + ".name is missing");
        }
        String text = String.valueOf(name).strip();
        if (text.length() > 200) {
            throw new Invalid(at + ".name is longer than 200 characters");
        }
        return text;
    }

    private static List<String> words(Object value, String at, boolean required) throws Invalid {
        List<String> words = new ArrayList<>();
        for (Object word : list(value, at)) {
            if (word == null || word instanceof Map || word instanceof List || String.valueOf(word).isBlank()) {
                throw new Invalid(at + " holds an empty or non-text keyword");
            }
            words.add(String.valueOf(word).strip());
        }
        if (required && words.isEmpty()) {
            throw new Invalid(at + " lists no keyword");
        }
        return List.copyOf(words);
    }

    private static Map<String, List<String>> stringLists(Object value, String at) throws Invalid {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new Invalid(at + " must map names to lists");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            result.put(String.valueOf(e.getKey()).strip(), words(e.getValue(), at + "." + e.getKey(), true));
        }
        return result;
    }
}
