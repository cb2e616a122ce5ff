package org.qiandai.campaign.segments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rule over contact attributes, as the API writes it: a group {@code {"all": [...]}} or {@code {"any": [...]}} of
 * rules (nesting), or a condition {@code {"field": "district", "op": "in", "values": ["东河区"]}}. Conditions:
 * {@code in} (one of the values), {@code eq} (one value), and for {@code age} {@code between} ({@code [min, max]},
 * inclusive; {@code null} leaves that end open). Age is the age reached in the current calendar year (contacts keep a
 * birth year). {@link #check()} says what is wrong with a rule as given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentRule(List<SegmentRule> all, List<SegmentRule> any, String field, String op, List<Object> values) {

    static final int MAX_DEPTH = 5;
    static final int MAX_CONDITIONS = 50;
    static final int MAX_VALUES = 200;

    public static SegmentRule all(List<SegmentRule> rules) {
        return new SegmentRule(List.copyOf(rules), null, null, null, null);
    }

    public static SegmentRule any(List<SegmentRule> rules) {
        return new SegmentRule(null, List.copyOf(rules), null, null, null);
    }

    public static SegmentRule in(SegmentField field, List<String> values) {
        return new SegmentRule(null, null, field.key(), "in", List.copyOf(values));
    }

    public static SegmentRule eq(SegmentField field, Object value) {
        return new SegmentRule(null, null, field.key(), "eq", java.util.Collections.singletonList(value));
    }

    /** Age from {@code min} to {@code max} inclusive; either may be null (open). */
    public static SegmentRule ageBetween(Integer min, Integer max) {
        return new SegmentRule(null, null, SegmentField.AGE.key(), "between", java.util.Arrays.asList(min, max));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isGroup() {
        return all != null || any != null;
    }

    /** The rules of a group, or empty for a condition. */
    public List<SegmentRule> rules() {
        return all != null ? all : any != null ? any : List.of();
    }

    public boolean matchesAll() {
        return all != null;
    }

    public SegmentField segmentField() {
        return SegmentField.byKey(field).orElseThrow(() -> new SegmentRejectedException("unknown field '" + field + "'"));
    }

    /** For an {@code in} or {@code eq} condition: its values as text. */
    public List<String> textValues() {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).map(String::valueOf).toList();
    }

    /** For an age condition: {min, max}, either null when open ({@code eq} gives both the same). */
    public Integer[] ageRange() {
        if ("eq".equals(op)) {
            Integer age = integer(values.get(0));
            return new Integer[] {age, age};
        }
        if ("in".equals(op)) {
            throw new IllegalStateException("age takes between or eq");
        }
        return new Integer[] {integer(values.get(0)), values.size() > 1 ? integer(values.get(1)) : null};
    }

    /**
     * The same rule checked and tidied (field names in lower case, ops in lower case, texts trimmed and deduplicated,
     * ages as whole numbers).
     *
     * @throws SegmentRejectedException naming where ({@code rule.all[1].values}) and what is wrong
     */
    public SegmentRule check() {
        int[] conditions = {0};
        SegmentRule checked = check(this, "rule", 1, conditions);
        if (conditions[0] > MAX_CONDITIONS) {
            throw new SegmentRejectedException("rule has " + conditions[0] + " conditions; at most " + MAX_CONDITIONS + " are allowed");
        }
        return checked;
    }

    private static SegmentRule check(SegmentRule rule, String where, int depth, int[] conditions) {
        if (rule == null) {
            throw new SegmentRejectedException(where + " is required");
        }
        if (rule.isGroup()) {
            if (rule.all != null && rule.any != null) {
                throw new SegmentRejectedException(where + " has both all and any; nest one inside the other");
            }
            if (rule.field != null || rule.op != null || rule.values != null) {
                throw new SegmentRejectedException(where + " is a group (all/any) and a condition (field/op/values) at once");
            }
            if (depth > MAX_DEPTH) {
                throw new SegmentRejectedException(where + " nests groups deeper than " + MAX_DEPTH + " levels");
            }
            String kind = rule.all != null ? "all" : "any";
            List<SegmentRule> rules = rule.rules();
            if (rules.isEmpty()) {
                throw new SegmentRejectedException(where + "." + kind + " must have at least one condition");
            }
            List<SegmentRule> checked = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                checked.add(check(rules.get(i), where + "." + kind + "[" + i + "]", depth + 1, conditions));
            }
            return rule.all != null ? all(checked) : any(checked);
        }
        conditions[0]++;
        if (rule.field == null || rule.field.isBlank()) {
            throw new SegmentRejectedException(where + ".field is required (one of " + keys() + ")");
        }
        SegmentField field = SegmentField.byKey(rule.field)
                .orElseThrow(() -> new SegmentRejectedException(where + ".field '" + rule.field + "' is not one of " + keys()));
        String op = rule.op == null ? "" : rule.op.strip().toLowerCase(java.util.Locale.ROOT);
        List<Object> values = rule.values == null ? List.of() : rule.values;
        if (field == SegmentField.AGE) {
            return checkAge(where, op, values);
        }
        if (!op.equals("in") && !op.equals("eq")) {
            throw new SegmentRejectedException(where + ".op '" + rule.op + "': " + field.key() + " takes in or eq");
        }
        List<Object> texts = new ArrayList<>(values.stream().filter(Objects::nonNull).map(v -> String.valueOf(v).strip())
                .filter(v -> !v.isEmpty()).distinct().collect(Collectors.toList()));
        if (texts.isEmpty()) {
            throw new SegmentRejectedException(where + ".values must name at least one " + field.labelEn());
        }
        if (op.equals("eq") && texts.size() != 1) {
            throw new SegmentRejectedException(where + ".values: eq takes exactly one value");
        }
        if (texts.size() > MAX_VALUES) {
            throw new SegmentRejectedException(where + ".values may name at most " + MAX_VALUES + " values");
        }
        if (field == SegmentField.GENDER && !List.of("男", "女").containsAll(texts)) {
            throw new SegmentRejectedException(where + ".values: gender is 男 or 女");
        }
        return new SegmentRule(null, null, field.key(), op, List.copyOf(texts));
    }

    private static SegmentRule checkAge(String where, String op, List<Object> values) {
        if (op.equals("eq")) {
            if (values.size() != 1) {
                throw new SegmentRejectedException(where + ".values: eq takes exactly one age");
            }
            Integer age = age(where, values.get(0));
            if (age == null) {
                throw new SegmentRejectedException(where + ".values: eq needs an age");
            }
            return new SegmentRule(null, null, "age", "eq", List.of(age));
        }
        if (!op.equals("between")) {
            throw new SegmentRejectedException(where + ".op '" + op + "': age takes between ([min, max]) or eq");
        }
        if (values.size() != 2) {
            throw new SegmentRejectedException(where + ".values: between takes [min, max] (null for an open end)");
        }
        Integer min = age(where, values.get(0));
        Integer max = age(where, values.get(1));
        if (min == null && max == null) {
            throw new SegmentRejectedException(where + ": an age condition needs min, max or both");
        }
        if (min != null && max != null && min > max) {
            throw new SegmentRejectedException(where + ": min age " + min + " is above max age " + max);
        }
        return ageBetween(min, max);
    }

    private static Integer age(String where, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        Integer age;
        try {
            age = integer(value);
        } catch (NumberFormatException e) {
            throw new SegmentRejectedException(where + ".values: '" + value + "' is not a whole number of years");
        }
        if (age < 0 || age > 120) {
            throw new SegmentRejectedException(where + ": ages must be between 0 and 120");
        }
        return age;
    }

    private static Integer integer(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new NumberFormatException();
            }
            return n.intValue();
        }
        return Integer.valueOf(String.valueOf(value).strip());
    }

    private static String keys() {
        return java.util.Arrays.stream(SegmentField.values()).map(SegmentField::key).collect(Collectors.joining(", "));
    }

    /** E.g. {@code 辖区 ∈ {东河区} 且 (年龄 18–30岁 或 职业 ∈ {学生})}. */
    public String describe(boolean english) {
        return describe(english, true);
    }

    private String describe(boolean english, boolean top) {
        if (isGroup()) {
            String joiner = all != null ? (english ? " and " : " 且 ") : (english ? " or " : " 或 ");
            String inner = rules().stream().map(r -> r.describe(english, false)).collect(Collectors.joining(joiner));
            return top || rules().size() == 1 ? inner : "(" + inner + ")";
        }
        SegmentField f = SegmentField.byKey(field).orElse(null);
        String label = f == null ? field : english ? f.labelEn() : f.labelZh();
        if (f == SegmentField.AGE) {
            Integer[] range = ageRange();
            String unit = english ? "" : "岁";
            if (range[0] != null && range[0].equals(range[1])) {
                return label + " = " + range[0] + unit;
            }
            if (range[0] != null && range[1] != null) {
                return label + " " + range[0] + "–" + range[1] + unit;
            }
            return range[0] != null ? label + " ≥ " + range[0] + unit : label + " ≤ " + range[1] + unit;
        }
        if ("eq".equals(op)) {
            return label + " = " + textValues().get(0);
        }
        return label + " ∈ {" + String.join(english ? ", " : "、", textValues()) + "}";
    }
}
