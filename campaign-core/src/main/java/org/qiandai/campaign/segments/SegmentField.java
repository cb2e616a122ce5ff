package org.qiandai.campaign.segments;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A contact attribute a segment rule may test, by its JSON name ({@code district}, {@code age} …). */
public enum SegmentField {
    DISTRICT("辖区", "district"),
    AGE("年龄", "age"),
    OCCUPATION("职业", "occupation"),
    GENDER("性别", "gender"),
    EDUCATION("学历", "education"),
    LANGUAGE("语言", "language");

    private final String labelZh;
    private final String labelEn;

    SegmentField(String labelZh, String labelEn) {
        this.labelZh = labelZh;
        this.labelEn = labelEn;
    }

    /** The name in rules: {@code district}, {@code age} … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String labelZh() {
        return labelZh;
    }

    public String labelEn() {
        return labelEn;
    }

    public static Optional<SegmentField> byKey(String key) {
        return key == null ? Optional.empty()
                : Arrays.stream(values()).filter(f -> f.key().equalsIgnoreCase(key.strip())).findFirst();
    }
}
