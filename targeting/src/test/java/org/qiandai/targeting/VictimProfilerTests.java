package org.qiandai.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.demo.DemoCaseGenerator;

class VictimProfilerTests {

    private final VictimProfiler profiler = new VictimProfiler();

    @Test
    void noCasesIsAClearError() {
        assertThatThrownBy(() -> profiler.profile(List.of(), ProfileParameters.of(null, null, 1), ProfilingProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 cases");
    }

    @Test
    void oneCaseIsOneProfile() {
        CaseRecord only = PlantedCases.generate(1, 1, 0.7, 0).cases().get(0);
        ProfilingOutcome outcome = profiler.profile(List.of(only), ProfileParameters.of(null, null, 1), ProfilingProgress.NONE);
        assertThat(outcome.k()).isEqualTo(1);
        assertThat(outcome.kSelection().reason()).contains("1 distinct combination");
        assertThat(outcome.assignments()).containsExactly(0);
        assertThat(outcome.profiles()).singleElement().satisfies(p -> {
            assertThat(p.size()).isEqualTo(1);
            assertThat(p.share()).isEqualTo(1.0);
            assertThat(p.labelZh()).contains(only.occupation());
        });
        assertThat(outcome.scatter()).hasSize(1);
    }

    @Test
    void identicalCasesAreOneProfile() {
        CaseRecord one = PlantedCases.generate(1, 2, 0.7, 0).cases().get(0);
        List<CaseRecord> same = new ArrayList<>(Collections.nCopies(200, one));
        ProfilingOutcome outcome = profiler.profile(same, ProfileParameters.of(null, null, 1), ProfilingProgress.NONE);
        assertThat(outcome.k()).isEqualTo(1);
        assertThat(outcome.profiles().get(0).size()).isEqualTo(200);
        assertThat(outcome.profiles().get(0).stability()).isEqualTo(1.0);
        // a fixed k larger than the distinct cases is cut down, and said so
        ProfilingOutcome fixed = profiler.profile(same, ProfileParameters.of(4, null, 1), ProfilingProgress.NONE);
        assertThat(fixed.k()).isEqualTo(1);
        assertThat(fixed.kSelection().reason()).contains("1 distinct");
    }

    @Test
    void casesWithMissingValuesAreProfiledNotDropped() {
        PlantedCases planted = PlantedCases.generate(1500, 4, 0.7, 0.3);
        List<CaseRecord> cases = new ArrayList<>(planted.cases());
        cases.add(new CaseRecord("EMPTY", null, null, null, null, null, null, null, null, null, null, null));
        ProfilingOutcome outcome = profiler.profile(cases, ProfileParameters.of(6, null, 4), ProfilingProgress.NONE);
        assertThat(outcome.assignments()).hasSize(cases.size());
        assertThat(outcome.profiles().stream().mapToLong(Profile::size).sum()).isEqualTo(cases.size());
        assertThat(outcome.model().vocabularies().get("OCCUPATION")).contains(CaseEncoder.UNKNOWN);
        assertThat(outcome.model().numericScaling().get("AGE").get(3)).isEqualTo(1.0); // a missing-age column
        assertThat(outcome.profiles()).allSatisfy(p -> assertThat(p.features()).hasSize(8));
    }

    @Test
    void rareValuesArePooledAsOther() {
        List<CaseRecord> cases = new ArrayList<>(PlantedCases.generate(1000, 5, 0.7, 0).cases());
        CaseRecord c = cases.get(0);
        cases.set(0, new CaseRecord(c.caseNo(), c.reportDate(), c.district(), c.victimAge(), c.gender(), "宇航员",
                c.education(), c.fraudType(), c.contactChannel(), c.venue(), c.loss(), c.note()));
        ProfilingOutcome outcome = profiler.profile(cases, ProfileParameters.of(3, null, 1), ProfilingProgress.NONE);
        assertThat(outcome.model().vocabularies().get("OCCUPATION")).contains(CaseEncoder.OTHER).doesNotContain("宇航员");
    }

    @Test
    void theSameSeedGivesTheSameOutcome() {
        List<CaseRecord> cases = PlantedCases.generate(2000, 6, 0.7, 0.05).cases();
        ProfileParameters parameters = new ProfileParameters(null, null, 9, 2, 8);
        ProfilingOutcome a = profiler.profile(cases, parameters, ProfilingProgress.NONE);
        ProfilingOutcome b = profiler.profile(cases, parameters, ProfilingProgress.NONE);
        assertThat(b.assignments()).isEqualTo(a.assignments());
        assertThat(b.profiles()).isEqualTo(a.profiles());
        assertThat(b.kSelection()).isEqualTo(a.kSelection());
        assertThat(b.scatter()).isEqualTo(a.scatter());
        assertThat(b.quality()).isEqualTo(a.quality());
        assertThat(b.model()).isEqualTo(a.model());
    }

    @Test
    void profilesAreDescribed() {
        PlantedCases planted = PlantedCases.generate(3000, 1, 0.7, 0.05);
        ProfilingOutcome outcome = profiler.profile(planted.cases(), ProfileParameters.of(6, null, 1), ProfilingProgress.NONE);
        assertThat(outcome.profiles()).extracting(Profile::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(outcome.profiles()).isSortedAccordingTo((x, y) -> Long.compare(y.size(), x.size()));
        assertThat(outcome.profiles()).extracting(Profile::labelZh).doesNotHaveDuplicates();
        assertThat(outcome.profiles()).extracting(Profile::labelZh).contains("学生 · 刷单返利 · QQ · 18–25岁");
        assertThat(outcome.profiles()).extracting(Profile::labelEn).contains("Students · order-brushing rebate · QQ · 18–25");
        Profile retirees = outcome.profiles().stream().filter(p -> p.labelZh().startsWith("离退休人员")).findFirst().orElseThrow();
        assertThat(retirees.medianAge()).isBetween(60.0, 72.0);
        assertThat(retirees.medianLoss()).isBetween(new BigDecimal("40000"), new BigDecimal("90000"));
        assertThat(retirees.topVenues().get(0).value()).isEqualTo("保健品推销会");
        assertThat(retirees.topVenues().get(0).lift()).isGreaterThan(3);
        assertThat(retirees.features()).filteredOn(f -> f.feature() == CaseFeature.AGE).singleElement()
                .satisfies(f -> assertThat(f.topValues().get(0).value()).isIn("56–65岁", "66岁及以上"));
        assertThat(retirees.stability()).isBetween(0.8, 1.0);
        assertThat(outcome.scatter()).hasSize(2000);
        assertThat(outcome.quality()).containsKeys("distortion", "meanStability", "explainedVariance");
    }

    @Test
    void scoringPutsATypicalMemberInItsProfile() {
        PlantedCases planted = PlantedCases.generate(3000, 2, 0.7, 0.05);
        ProfilingOutcome outcome = profiler.profile(planted.cases(), ProfileParameters.of(6, null, 2), ProfilingProgress.NONE);
        ProfileScore score = profiler.score(outcome.model(), Map.of(CaseFeature.AGE, "67", CaseFeature.OCCUPATION, "离退休人员",
                CaseFeature.FRAUD_TYPE, "虚假养老投资", CaseFeature.VENUE, "保健品推销会", CaseFeature.CONTACT_CHANNEL, "当面",
                CaseFeature.LOSS, "80000", CaseFeature.GENDER, "女", CaseFeature.EDUCATION, "初中及以下"));
        assertThat(score.label()).startsWith("离退休人员");
        assertThat(score.confidence()).isGreaterThan(0.9);
        assertThat(score.fits()).hasSize(6);
        assertThat(score.fits().stream().mapToDouble(ProfileScore.Fit::probability).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // a subset of the features, still decisive; numbers as text
        ProfileScore student = profiler.score(outcome.model(), Map.of(CaseFeature.AGE, "19", CaseFeature.OCCUPATION, "学生"));
        assertThat(student.label()).startsWith("学生");
        assertThat(student.confidence()).isGreaterThan(0.8);
        // nothing given: the largest profile by its share
        ProfileScore nothing = profiler.score(outcome.model(), Map.of());
        assertThat(nothing.profile()).isZero();
        assertThatThrownBy(() -> profiler.score(outcome.model(), Map.of(CaseFeature.AGE, "old")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AGE");
    }

    @Test
    void progressIsReportedAndCancellationStops() {
        List<CaseRecord> cases = PlantedCases.generate(1000, 7, 0.7, 0).cases();
        List<Double> fractions = new ArrayList<>();
        profiler.profile(cases, new ProfileParameters(null, null, 1, 2, 4), new ProfilingProgress() {
            @Override
            public void report(double fraction, String stage) {
                fractions.add(fraction);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        });
        assertThat(fractions).isSorted().contains(1.0).hasSizeGreaterThan(5);

        AtomicInteger checks = new AtomicInteger();
        assertThatThrownBy(() -> profiler.profile(cases, ProfileParameters.of(null, null, 1), new ProfilingProgress() {
            @Override
            public void report(double fraction, String stage) {
            }

            @Override
            public boolean cancelled() {
                return checks.incrementAndGet() > 3; // cancelled while choosing k
            }
        })).isInstanceOf(ProfilingCancelledException.class);
    }

    @Test
    void profilesRealisticDemoCasesWithDistrict() {
        List<CaseRecord> cases = new DemoCaseGenerator(3, LocalDate.of(2026, 6, 30)).generate(5000);
        EnumSet<CaseFeature> features = EnumSet.copyOf(CaseFeature.defaults());
        features.add(CaseFeature.DISTRICT);
        ProfilingOutcome outcome = profiler.profile(cases, ProfileParameters.of(null, features, 3), ProfilingProgress.NONE);
        System.out.println("demo: k = " + outcome.k() + ", " + outcome.kSelection().reason());
        outcome.kSelection().scores().forEach(s -> System.out.printf("  k=%d elbow %.2f stability %.3f%n", s.k(), s.score(), s.secondary()));
        outcome.profiles().forEach(p -> System.out.printf("  %5d %.2f %s | %s%n", p.size(), p.stability(), p.labelZh(), p.labelEn()));
        assertThat(outcome.k()).isBetween(2, 12);
        assertThat(outcome.kSelection().scores()).hasSize(11);
        assertThat(outcome.profiles()).allSatisfy(p -> assertThat(p.features()).hasSize(9));
    }
}
