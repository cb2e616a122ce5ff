package org.qiandai.campaign.cases;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns a case file may carry, each recognised by any of its headers (Chinese as Chinese case systems
 * export them, and English). Headers are compared after {@link #normalize}: full-width forms folded, spaces,
 * underscores, hyphens and asterisks dropped, case ignored. Public for the bulletin reader, whose case tables carry the
 * same headers.
 */
public enum CaseColumn {
    CASE_NO("案件编号", "案件号", "案号", "案件编码", "case_no", "case number", "case id"),
    REPORT_DATE("报案日期", "立案日期", "报案时间", "立案时间", "report_date", "report date", "date reported"),
    DISTRICT("所属辖区", "辖区", "所属区县", "区县", "district"),
    AGE("受害人年龄", "被害人年龄", "年龄", "age", "victim_age"),
    GENDER("性别", "受害人性别", "被害人性别", "gender", "sex"),
    OCCUPATION("职业", "受害人职业", "被害人职业", "occupation"),
    EDUCATION("学历", "文化程度", "受教育程度", "education"),
    FRAUD_TYPE("诈骗类型", "案件类别", "案件类型", "诈骗类别", "fraud_type", "fraud type"),
    CONTACT_CHANNEL("接触渠道", "联系方式", "接触方式", "contact_channel", "contact channel"),
    VENUE("被骗时所在场所", "场所", "所在场所", "被骗场所", "venue"),
    LOSS("损失金额(元)", "损失金额", "涉案金额", "涉案金额(元)", "被骗金额", "被骗金额(元)", "损失(元)", "loss", "loss_yuan", "loss (yuan)"),
    NOTE("备注", "简要案情", "案情", "案情摘要", "note", "notes", "remark");

    private static final Map<String, CaseColumn> BY_HEADER = new HashMap<>();

    static {
        for (CaseColumn column : values()) {
            for (String header : column.headers) {
                BY_HEADER.put(normalize(header), column);
            }
        }
    }

    private final List<String> headers;

    CaseColumn(String... headers) {
        this.headers = List.of(headers);
    }

    /** The headers this column is recognised by, the preferred Chinese one first. */
    List<String> headers() {
        return headers;
    }

    public static Optional<CaseColumn> forHeader(String header) {
        return header == null ? Optional.empty() : Optional.ofNullable(BY_HEADER.get(normalize(header)));
    }

    /** The header as compared: NFKC, lower case, without spaces, underscores, hyphens, asterisks and colons. */
    public static String normalize(String header) {
        String folded = Normalizer.normalize(header, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '_' && c != '-' && c != '*'
                    && c != ':' && c != '\uFEFF' && c != '\u200B') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
