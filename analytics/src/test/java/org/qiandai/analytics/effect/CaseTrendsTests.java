package org.qiandai.analytics.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.analytics.AnalyticsTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.SegmentSource;
import org.qiandai.campaign.segments.Segments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Case trends and a campaign's comparison on planted cases, checked to the case: a June campaign in 东河区 for people
 * aged 60 and over, with fewer such cases after it there and the same elsewhere, and a year earlier for seasonality.
 */
@SpringBootTest(classes = AnalyticsTestApplication.class, properties = {"qiandai.pushes.scheduler.enabled=false",
        "qiandai.store.in-memory=true", "qiandai.analytics.schedules.enabled=false"})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseTrendsTests {

    @Autowired CaseImports imports;
    @Autowired CaseCube cube;
    @Autowired CaseTrends trends;
    @Autowired Campaigns campaigns;
    @Autowired Segments segments;
    @Autowired MongoTemplate mongo;
    @Autowired PlannerFakes.MutableClock clock;

    int serial;

    @BeforeEach
    void clean() {
        for (String c : List.of("cases", "campaigns", "segments", "analytics_cases", "analytics_state")) {
            mongo.getCollection(c).deleteMany(new Document());
        }
        clock.setLocal("2026-11-02T10:00:00");
    }

    /** {@code n} cases in a month, in a district, of victims of an age, each losing 1,000 yuan. */
    void cases(List<CaseRecord> into, String month, int n, String district, int age) {
        YearMonth m = YearMonth.parse(month);
        for (int i = 0; i < n; i++) {
            into.add(new CaseRecord("T" + (serial++), m.atDay(1 + i % 28), district, age, "女", "退休人员", "初中", "虚假养老投资", "电话", "家中",
                    BigDecimal.valueOf(1000), null));
        }
    }

    @Test
    void comparesWhatTheCampaignTargetedWithWhatItDidNotBeforeAndAfter() {
        List<CaseRecord> records = new ArrayList<>();
        for (String month : List.of("2026-03", "2026-04", "2026-05")) {
            cases(records, month, 14, "东河区", 65);   // targeted: 42 before
            cases(records, month, 4, "东河区", 30);    // targeted district, other group
            cases(records, month, 10, "青山区", 70);   // target group elsewhere
        }
        for (String month : List.of("2026-07", "2026-08", "2026-09")) {
            cases(records, month, 7, "东河区", 65);    // 21 after
            cases(records, month, 4, "东河区", 30);
            cases(records, month, 10, "青山区", 70);
        }
        for (String month : List.of("2025-03", "2025-04", "2025-05", "2025-07", "2025-08", "2025-09")) {
            cases(records, month, 12, "东河区", 66);   // a year earlier: no drop
        }
        imports.importRecords("planted", records.iterator(), "test");
        assertThat(cube.rebuild()).isEqualTo(records.size());

        String older = segments.save(new SegmentDraft("60岁以上", null, SegmentRule.ageBetween(60, null), null,
                new SegmentSource("run-1", 0, "退休人员 · 虚假养老投资")), "analyst").id();
        clock.setLocal("2026-05-20T10:00:00"); // plan it while June is ahead
        String campaign = campaigns.create(new CampaignDraft("养老防骗", null, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 30),
                List.of("东河区"), List.of(older), List.of(), List.of()), "pub").id();
        clock.setLocal("2026-11-02T10:00:00");

        Effect effect = trends.effect(campaign, null, null);
        Effect.Comparison c = effect.comparison();
        assertThat(c.before()).isEqualTo(new Effect.Window(YearMonth.of(2026, 3), YearMonth.of(2026, 5)));
        assertThat(c.after()).isEqualTo(new Effect.Window(YearMonth.of(2026, 7), YearMonth.of(2026, 9)));
        assertThat(c.afterComplete()).isTrue();
        Map<String, Effect.Group> groups = c.groups().stream().collect(Collectors.toMap(Effect.Group::key, g -> g));
        assertThat(groups.get("targeted").before().cases()).isEqualTo(42);
        assertThat(groups.get("targeted").after().cases()).isEqualTo(21);
        assertThat(groups.get("targeted").change()).isEqualTo(-0.5);
        assertThat(groups.get("targeted").before().losses()).isEqualTo(42_000);
        assertThat(groups.get("targeted").beforeLastYear().cases()).isEqualTo(36);
        assertThat(groups.get("targeted").changeLastYear()).isEqualTo(0.0);
        assertThat(groups.get("untargeted").before().cases()).isEqualTo(42);
        assertThat(groups.get("untargeted").after().cases()).isEqualTo(42);
        assertThat(groups.get("targetedDistricts").before().cases()).isEqualTo(54);
        assertThat(groups.get("otherDistricts").after().cases()).isEqualTo(30);
        assertThat(groups.get("targetedGroups").before().cases()).isEqualTo(72);
        assertThat(groups.get("targetedGroups").after().cases()).isEqualTo(51);
        assertThat(groups.get("otherGroups").before().cases()).isEqualTo(12);
        assertThat(c.relativeChange()).isEqualTo(-0.5);
        assertThat(effect.caveats()).extracting(Effect.Caveat::code).contains("not-proof", "small-numbers", "seasonality")
                .doesNotContain("incomplete");
        assertThat(effect.caveats().stream().filter(v -> v.code().equals("small-numbers")).findFirst().orElseThrow().about())
                .as("sides with fewer than 30 cases in a window").containsExactlyInAnyOrder("targeted", "otherGroups");

        CaseTrend trend = effect.trend();
        int march = trend.months().indexOf("2026-03");
        assertThat(trend.cases().get(march)).isEqualTo(28);
        assertThat(trend.byDistrict()).filteredOn(s -> s.key().equals("东河区")).singleElement()
                .satisfies(s -> assertThat(s.cases().get(march)).isEqualTo(18));
        assertThat(trend.byProfile()).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("退休人员 · 虚假养老投资");
            assertThat(s.cases().get(march)).isEqualTo(24);
        });
        assertThat(trend.byFraudType()).extracting(CaseTrend.Series::key).containsExactly("虚假养老投资");
        assertThat(trend.campaigns()).extracting(CampaignPeriod::id).isEmpty(); // a DRAFT is not marked
        assertThat(trends.totals(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), "青山区").cases()).isEqualTo(10);
    }

    @Test
    void aCampaignWhoseAfterMonthsHaveNotPassedSaysSo() {
        clock.setLocal("2026-10-20T10:00:00");
        String campaign = campaigns.create(new CampaignDraft("全市反诈", null, LocalDate.of(2026, 10, 21), LocalDate.of(2026, 10, 31),
                List.of(), List.of(), List.of(), List.of()), "pub").id();
        clock.setLocal("2026-11-02T10:00:00");
        cube.rebuild();
        Effect effect = trends.effect(campaign, 2, null);
        assertThat(effect.comparison().afterComplete()).isFalse();
        assertThat(effect.caveats()).extracting(Effect.Caveat::code).contains("incomplete", "no-comparison-group");
    }
}
