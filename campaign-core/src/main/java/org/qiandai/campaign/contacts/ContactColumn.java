package org.qiandai.campaign.contacts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qiandai.campaign.cases.TabularFiles;

/** The columns a contact file may carry, recognised by Chinese or English headers (compared as the case import does). */
enum ContactColumn {
    PHONE("手机号", "手机号码", "手机", "电话", "电话号码", "联系电话", "phone", "mobile", "phone number"),
    DISTRICT("所属辖区", "辖区", "所属区县", "区县", "district"),
    AGE("年龄", "age"),
    BIRTH_YEAR("出生年份", "出生年", "birth_year", "birth year"),
    GENDER("性别", "gender", "sex"),
    OCCUPATION("职业", "occupation"),
    EDUCATION("学历", "文化程度", "education"),
    LANGUAGE("语言", "language"),
    SOURCE("来源", "source"),
    CONSENT_DATE("同意日期", "consent_date", "consent date");

    private static final Map<String, ContactColumn> BY_HEADER = new HashMap<>();

    static {
        for (ContactColumn column : values()) {
            for (String header : column.headers) {
                BY_HEADER.put(TabularFiles.normalizeHeader(header), column);
            }
        }
    }

    private final List<String> headers;

    ContactColumn(String... headers) {
        this.headers = List.of(headers);
    }

    List<String> headers() {
        return headers;
    }

    static Optional<ContactColumn> forHeader(String header) {
        return header == null ? Optional.empty() : Optional.ofNullable(BY_HEADER.get(TabularFiles.normalizeHeader(header)));
    }
}
