package org.qiandai.campaign.warnings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qiandai.campaign.cases.TabularFiles;

/** The columns a lead file may carry, recognised by Chinese or English headers (compared as the case import does). */
enum LeadColumn {
    EXTERNAL_ID("线索编号", "预警编号", "编号", "externalId", "external id", "lead id"),
    PHONE("手机号", "手机号码", "手机", "电话", "电话号码", "联系电话", "phone", "mobile"),
    DISTRICT("所属辖区", "辖区", "所属区县", "区县", "district"),
    SOURCE("线索来源", "来源", "source"),
    FRAUD_TYPE("诈骗类型", "案件类型", "涉嫌诈骗类型", "fraudType", "fraud type"),
    DETECTED_AT("发现时间", "预警时间", "detectedAt", "detected at"),
    AGE("年龄", "age"),
    GENDER("性别", "gender", "sex"),
    OCCUPATION("职业", "occupation"),
    AMOUNT("涉险金额", "风险金额", "涉案金额", "金额", "amountAtRisk", "amount at risk", "amount"),
    RELATIVE("亲属电话", "亲属手机", "亲属联系电话", "relativePhone", "relative phone"),
    NOTE("备注", "说明", "note");

    private static final Map<String, LeadColumn> BY_HEADER = new HashMap<>();

    static {
        for (LeadColumn column : values()) {
            for (String header : column.headers) {
                BY_HEADER.put(TabularFiles.normalizeHeader(header), column);
            }
        }
    }

    private final List<String> headers;

    LeadColumn(String... headers) {
        this.headers = List.of(headers);
    }

    List<String> headers() {
        return headers;
    }

    static Optional<LeadColumn> forHeader(String header) {
        return header == null ? Optional.empty() : Optional.ofNullable(BY_HEADER.get(TabularFiles.normalizeHeader(header)));
    }

    /** The request field a column fills, as a refusal names it ({@code phone}, {@code amountAtRisk} …). */
    String field() {
        return switch (this) {
            case EXTERNAL_ID -> "externalId";
            case FRAUD_TYPE -> "fraudType";
            case DETECTED_AT -> "detectedAt";
            case AMOUNT -> "amountAtRisk";
            case RELATIVE -> "relativePhone";
            default -> name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
