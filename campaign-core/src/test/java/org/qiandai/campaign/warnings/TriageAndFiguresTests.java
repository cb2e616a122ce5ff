package org.qiandai.campaign.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.templates.FraudSigns;

/** The pure parts: priority points, percentiles, fraud-type names, the checks of a lead. */
class TriageAndFiguresTests {

    @Test
    void priorityAddsUpItsFactors() {
        Triage.Result example = Triage.score("冒充公检法及政府机关", null, 67, LeadSource.FLAGGED_CALL, 1, false);
        assertThat(example.priority()).isEqualTo(Priority.HIGH);
        assertThat(example.score()).isEqualTo(5);
        assertThat(example.factors()).extracting(PriorityFactor::factor).containsExactly("FRAUD_TYPE", "AGE");
        assertThat(Triage.score(null, null, 30, LeadSource.OTHER, 1, false).priority()).isEqualTo(Priority.LOW);
        assertThat(Triage.score("刷单返利", new BigDecimal("9999"), null, LeadSource.OTHER, 1, false).priority()).isEqualTo(Priority.MEDIUM);
        assertThat(Triage.score("虚假网络投资理财", new BigDecimal("100000"), 61, LeadSource.BANK_ALERT, 2, true))
                .satisfies(r -> {
                    assertThat(r.score()).isEqualTo(3 + 3 + 1 + 2 + 2 + 1);
                    assertThat(r.priority()).isEqualTo(Priority.CRITICAL);
                });
        assertThat(Triage.score(null, null, null, LeadSource.OTHER, 9, false).score()).as("repeats count at most 4").isEqualTo(4);
    }

    @Test
    void medianAndNinetiethPercentileAreExact() {
        assertThat(WarningStats.timing(List.of())).isEqualTo(new WarningStats.Timing(0, null, null));
        assertThat(WarningStats.timing(List.of(5.0))).isEqualTo(new WarningStats.Timing(1, 5.0, 5.0));
        // even count: the mean of the middle two; p90 at rank ceil(0.9 * 4) = 4
        assertThat(WarningStats.timing(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new WarningStats.Timing(4, 2.5, 4.0));
        List<Double> ten = List.of(10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0);
        assertThat(WarningStats.timing(ten)).isEqualTo(new WarningStats.Timing(10, 5.5, 9.0));
        assertThat(WarningStats.GroupBy.parse("fraudType")).isEqualTo(WarningStats.GroupBy.FRAUD_TYPE);
        assertThat(WarningStats.GroupBy.parse(null)).isEqualTo(WarningStats.GroupBy.NONE);
        assertThatThrownBy(() -> WarningStats.GroupBy.parse("colour")).hasMessageContaining("district, source, fraudType");
    }

    @Test
    void fraudTypesAreReadByTheirShortNamesAndUnknownOnesKept() {
        assertThat(FraudSigns.canonical("冒充公检法")).isEqualTo("冒充公检法及政府机关");
        assertThat(FraudSigns.canonical(" 杀猪盘 ")).isEqualTo("网络婚恋交友");
        assertThat(FraudSigns.canonical("冒充领导、熟人")).isEqualTo("冒充领导熟人");
        assertThat(FraudSigns.canonical("新型诈骗")).isEqualTo("新型诈骗");
        assertThat(FraudSigns.sign("新型诈骗", "zh-CN")).isEqualTo(FraudSigns.GENERIC.signZh());
        assertThat(FraudSigns.sign("刷单", "en")).contains("rebate");
    }

    @Test
    void aLeadIsCheckedFieldByField() {
        LeadChecks checks = new LeadChecks(PhoneCrypto.withKey(new byte[32]), ZoneId.of("Asia/Shanghai"));
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        Lead lead = checks.check(new LeadDraft("x-1", "139 0000 0001", "东河区", "bank-alert", "冒充客服", "2026-12-01 09:30", 40, "female", null,
                new BigDecimal("1200.50"), "13900000002", null, " 家属来电 "), "centre", LeadVia.API, now);
        assertThat(lead.key()).isEqualTo("centre:x-1");
        assertThat(lead.maskedPhone()).isEqualTo("139****0001");
        assertThat(lead.source()).isEqualTo(LeadSource.BANK_ALERT);
        assertThat(lead.fraudType()).isEqualTo("冒充电商物流客服");
        assertThat(lead.detectedAt()).isEqualTo(Instant.parse("2026-12-01T01:30:00Z"));
        assertThat(lead.gender()).isEqualTo("女");
        assertThat(lead.note()).isEqualTo("家属来电");
        assertThat(lead.encryptedPhone()).doesNotContain("13900000001");
        assertThatThrownBy(() -> checks.check(new LeadDraft(null, "13900000001", "东河区", null, null, null, 121, null, null, null, null, null, null),
                "c", LeadVia.API, now)).hasMessageStartingWith("age:");
        assertThatThrownBy(() -> checks.check(new LeadDraft(null, "13900000001", "东河区", null, null, null, null, null, null,
                new BigDecimal("1.234"), null, null, null), "c", LeadVia.API, now)).hasMessageStartingWith("amountAtRisk:");
        assertThatThrownBy(() -> checks.check(new LeadDraft(null, "13900000001", "东河区", null, null, null, null, null, null, null, "13900000001",
                null, null), "c", LeadVia.API, now)).hasMessageStartingWith("relativePhone:");
        assertThatThrownBy(() -> checks.check(new LeadDraft("has space", "13900000001", "东河区", null, null, null, null, null, null, null, null,
                null, null), "c", LeadVia.API, now)).hasMessageStartingWith("externalId:");
        assertThatThrownBy(() -> checks.check(new LeadDraft(null, "13900000001", "东河区", null, null, "yesterday", null, null, null, null, null,
                null, null), "c", LeadVia.API, now)).hasMessageStartingWith("detectedAt:");
    }
}
