package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaseColumnTests {

    @ParameterizedTest
    @CsvSource({
            "案件编号, CASE_NO", "案件号, CASE_NO", "case_no, CASE_NO",
            "报案日期, REPORT_DATE", "立案日期, REPORT_DATE", "report_date, REPORT_DATE",
            "所属辖区, DISTRICT", "辖区, DISTRICT", "district, DISTRICT",
            "受害人年龄, AGE", "年龄, AGE", "age, AGE",
            "性别, GENDER", "gender, GENDER",
            "职业, OCCUPATION", "occupation, OCCUPATION",
            "学历, EDUCATION", "文化程度, EDUCATION", "education, EDUCATION",
            "诈骗类型, FRAUD_TYPE", "案件类别, FRAUD_TYPE", "fraud_type, FRAUD_TYPE",
            "接触渠道, CONTACT_CHANNEL", "联系方式, CONTACT_CHANNEL", "contact_channel, CONTACT_CHANNEL",
            "被骗时所在场所, VENUE", "场所, VENUE", "venue, VENUE",
            "损失金额(元), LOSS", "损失金额, LOSS", "涉案金额, LOSS", "loss, LOSS"})
    void recognisesEveryDocumentedHeader(String header, CaseColumn column) {
        assertThat(CaseColumn.forHeader(header)).contains(column);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "损失金额（元）| LOSS", "损失金额 (元)| LOSS", "' 年龄 '| AGE", "'\t案件编号\u3000'| CASE_NO", "Case_No| CASE_NO",
            "CASE NO| CASE_NO", "\uFEFF案件编号| CASE_NO", "*案件编号| CASE_NO", "报案日期：| REPORT_DATE"})
    void recognisesHeadersWithSpacesFullWidthFormsAndMarks(String header, CaseColumn column) {
        assertThat(CaseColumn.forHeader(header)).contains(column);
    }

    @ParameterizedTest
    @ValueSource(strings = {"身份证号", "姓名", "联系电话", "手机号", "编号", "日期", ""})
    void knowsNothingOfOtherHeaders(String header) {
        assertThat(CaseColumn.forHeader(header)).isEmpty();
    }

    @Test
    void noHeaderNamesTwoColumns() {
        java.util.Map<String, CaseColumn> seen = new java.util.HashMap<>();
        for (CaseColumn column : CaseColumn.values()) {
            for (String header : column.headers()) {
                CaseColumn before = seen.put(CaseColumn.normalize(header), column);
                assertThat(before).as(header).isIn(null, column);
            }
        }
        assertThat(CaseColumn.forHeader(null)).isEmpty();
    }
}
