package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.apache.poi.ss.usermodel.DateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaseValuesTests {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 15);
    private static final LocalDate MARCH_5 = LocalDate.of(2021, 3, 5);

    // --- dates ---

    @ParameterizedTest
    @ValueSource(strings = {"2021-03-05", "2021/3/5", "2021年3月5日", "2021.03.05", "20210305", " 2021-3-5 ", "2021-03-05 14:30",
            "2021/3/5 0:00:00", "２０２１年３月５日"})
    void readsDatesAsExportsWriteThem(String text) throws CaseValues.Invalid {
        assertThat(CaseValues.date(text, false, TODAY)).isEqualTo(MARCH_5);
    }

    @Test
    void readsExcelDaySerialsInBothDateSystems() throws CaseValues.Invalid {
        double serial1900 = DateUtil.getExcelDate(MARCH_5, false);
        double serial1904 = DateUtil.getExcelDate(MARCH_5, true);

        assertThat(serial1900 - serial1904).isEqualTo(1462);
        assertThat(CaseValues.date(serial1900, false, TODAY)).isEqualTo(MARCH_5);
        assertThat(CaseValues.date(serial1904, true, TODAY)).isEqualTo(MARCH_5);
        assertThat(CaseValues.date(serial1900 + 0.75, false, TODAY)).as("a time of day").isEqualTo(MARCH_5);
    }

    @ParameterizedTest
    @CsvSource({
            "2021-02-30, not a real date",
            "2021-13-01, not a real date",
            "2025-03-16, future",
            "2030/1/1, future",
            "1899-12-31, before 1900",
            "昨天, not a date",
            "2021-03, not a date",
            "45, not a date"})
    void refusesWhatIsNoRealPastDate(String text, String reason) {
        assertThatThrownBy(() -> CaseValues.date(text, false, TODAY)).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining(reason);
    }

    @Test
    void refusesSerialsThatAreNoDatesOrInTheFuture() {
        assertThatThrownBy(() -> CaseValues.date(0.0, false, TODAY)).isInstanceOf(CaseValues.Invalid.class);
        assertThatThrownBy(() -> CaseValues.date(-3.0, false, TODAY)).isInstanceOf(CaseValues.Invalid.class);
        assertThatThrownBy(() -> CaseValues.date(DateUtil.getExcelDate(TODAY.plusDays(1), false), false, TODAY))
                .isInstanceOf(CaseValues.Invalid.class).hasMessageContaining("future");
    }

    @Test
    void todayIsNotInTheFuture() throws CaseValues.Invalid {
        assertThat(CaseValues.date(TODAY.toString(), false, TODAY)).isEqualTo(TODAY);
    }

    @Test
    void anEmptyDateIsNoDate() throws CaseValues.Invalid {
        assertThat(CaseValues.date(null, false, TODAY)).isNull();
        assertThat(CaseValues.date("  ", false, TODAY)).isNull();
    }

    // --- ages ---

    @ParameterizedTest
    @ValueSource(strings = {"45", "45岁", "45 岁", "45周岁", " 45 ", "４５岁", "45.0"})
    void readsAgesAsText(String text) throws CaseValues.Invalid {
        assertThat(CaseValues.age(text)).isEqualTo(45);
    }

    @Test
    void readsAgesAsNumbers() throws CaseValues.Invalid {
        assertThat(CaseValues.age(45.0)).isEqualTo(45);
        assertThat(CaseValues.age(0.0)).isZero();
        assertThat(CaseValues.age(120.0)).isEqualTo(120);
        assertThat(CaseValues.age("0")).isZero();
        assertThat(CaseValues.age("120岁")).isEqualTo(120);
        assertThat(CaseValues.age(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"约四十", "45.5", "121", "-1", "四十五", "45-50", "1000"})
    void refusesAgesThatAreNoWholeNumberOfYearsUpTo120(String text) {
        assertThatThrownBy(() -> CaseValues.age(text)).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining("age");
    }

    @ParameterizedTest
    @ValueSource(doubles = {45.5, 121, -1, 0.1})
    void refusesNumericAgesThatAreNoWholeNumberOfYearsUpTo120(double value) {
        assertThatThrownBy(() -> CaseValues.age(value)).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining("age");
    }

    // --- losses ---

    @ParameterizedTest
    @ValueSource(strings = {"52000", "52000元", "5.2万元", "5.2万", "52,000", "52，000元", "¥52000", "￥52,000.00", "５２０００元",
            " 52000 ", "0.00052亿"})
    void readsLossesAsText(String text) throws CaseValues.Invalid {
        assertThat(CaseValues.loss(text)).isEqualByComparingTo("52000");
    }

    @Test
    void readsLossesAsNumbersToTheFen() throws CaseValues.Invalid {
        assertThat(CaseValues.loss(52000.0)).isEqualTo(new BigDecimal("52000"));
        assertThat(CaseValues.loss(52000.5)).isEqualTo(new BigDecimal("52000.5"));
        assertThat(CaseValues.loss(0.125)).isEqualTo(new BigDecimal("0.13"));
        assertThat(CaseValues.loss(0.0)).isEqualTo(BigDecimal.ZERO);
        assertThat(CaseValues.loss(1.0E8)).isEqualTo(new BigDecimal("100000000")).extracting(BigDecimal::scale).isEqualTo(0);
        assertThat(CaseValues.loss(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"-100, negative", "-5万, negative", "不详, not a number", "5.2.1, not a number", "五万, not a number", "1e5, not a number"})
    void refusesNegativeLossesAndWhatIsNoNumber(String text, String reason) {
        assertThatThrownBy(() -> CaseValues.loss(text)).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining(reason);
    }

    @Test
    void refusesNegativeNumericLosses() {
        assertThatThrownBy(() -> CaseValues.loss(-0.5)).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> CaseValues.loss(Double.NaN)).isInstanceOf(CaseValues.Invalid.class);
    }

    // --- case numbers and text ---

    @Test
    void readsCaseNumbers() throws CaseValues.Invalid {
        assertThat(CaseValues.caseNo(" A001 ")).isEqualTo("A001");
        assertThat(CaseValues.caseNo("Ａ００１")).isEqualTo("A001");
        assertThat(CaseValues.caseNo(2021001.0)).isEqualTo("2021001");
        assertThatThrownBy(() -> CaseValues.caseNo(null)).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> CaseValues.caseNo(" \u200B ")).isInstanceOf(CaseValues.Invalid.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> CaseValues.caseNo("x".repeat(65))).isInstanceOf(CaseValues.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "=1+1"})
    void keepsFormulaLikeTextAsText(String text) throws CaseValues.Invalid {
        assertThat(CaseValues.category(text)).isEqualTo(text);
        assertThat(CaseValues.note(text)).isEqualTo(text);
    }

    @Test
    void tidiesCategoriesAndGenders() throws CaseValues.Invalid {
        assertThat(CaseValues.category("  昆都仑区 ")).isEqualTo("昆都仑区");
        assertThat(CaseValues.category("企业  职工")).isEqualTo("企业 职工");
        assertThat(CaseValues.category(3.0)).isEqualTo("3");
        assertThat(CaseValues.category("")).isNull();
        assertThat(CaseValues.gender("男性")).isEqualTo("男");
        assertThat(CaseValues.gender("F")).isEqualTo("女");
        assertThatThrownBy(() -> CaseValues.category("长".repeat(201))).isInstanceOf(CaseValues.Invalid.class);
    }

    @Test
    void masksPhoneAndIdNumbersInNotes() throws CaseValues.Invalid {
        assertThat(CaseValues.note("受害人13912345678称，身份证150203195801011234被冒用"))
                .isEqualTo("受害人***********称，身份证******************被冒用");
    }

    @Test
    void quotesValuesForErrorsMaskedAndShort() {
        assertThat(CaseValues.quoted("150203195801011234")).isEqualTo("******************");
        assertThat(CaseValues.quoted("约四十")).isEqualTo("约四十");
        assertThat(CaseValues.quoted(45.5)).isEqualTo("45.5");
        assertThat(CaseValues.quoted(" ")).isNull();
        assertThat(CaseValues.quoted("长".repeat(500))).hasSize(201).endsWith("…");
    }
}
