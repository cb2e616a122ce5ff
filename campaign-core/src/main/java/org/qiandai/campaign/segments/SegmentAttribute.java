package org.qiandai.campaign.segments;

/** A person attribute a segment rule may test; the campaign planner matches contacts on these. */
public enum SegmentAttribute {
    AGE("年龄", "age", true),
    GENDER("性别", "gender", false),
    OCCUPATION("职业", "occupation", false),
    EDUCATION("文化程度", "education", false),
    DISTRICT("辖区", "district", false),
    VENUE("场所", "venue", false),
    FRAUD_TYPE("关注的诈骗类型", "fraud type of interest", false),
    CONTACT_CHANNEL("接触渠道", "contact channel", false);

    private final String labelZh;
    private final String labelEn;
    private final boolean range;

    SegmentAttribute(String labelZh, String labelEn, boolean range) {
        this.labelZh = labelZh;
        this.labelEn = labelEn;
        this.range = range;
    }

    public String labelZh() {
        return labelZh;
    }

    public String labelEn() {
        return labelEn;
    }

    /** Tested as a number range ({@code min}–{@code max}) rather than as one of a list of values. */
    public boolean range() {
        return range;
    }
}
