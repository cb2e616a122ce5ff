package org.qiandai.campaign.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseRecord;

class DemoCaseGeneratorTests {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 15);
    private static final Set<String> DISTRICTS = Set.of("昆都仑区", "青山区", "东河区", "九原区", "石拐区", "白云鄂博矿区",
            "土默特右旗", "固阳县", "达尔罕茂明安联合旗");
    private static final Pattern CASE_NO = Pattern.compile("A1502(0[2-7]|2[1-3])20(2[3-5])(0[1-9]|1[0-2])\\d{7}");
    /** Phone numbers, ID numbers, bank cards: any run of seven or more digits. */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{7,}");

    private static List<CaseRecord> sample;

    @BeforeAll
    static void generate() {
        sample = new DemoCaseGenerator(42, TODAY).generate(20_000);
    }

    @Test
    void sameSeedGivesSameRecords() {
        List<CaseRecord> again = new DemoCaseGenerator(42, TODAY).stream(20_000).toList();
        assertThat(again).isEqualTo(sample);
        assertThat(new DemoCaseGenerator(43, TODAY).generate(100)).isNotEqualTo(sample.subList(0, 100));
    }

    @Test
    void caseNumbersAreUniqueAndLookReal() {
        Set<String> seen = new HashSet<>();
        Iterator<CaseRecord> records = new DemoCaseGenerator(7, TODAY).iterator(100_000);
        while (records.hasNext()) {
            CaseRecord record = records.next();
            assertThat(seen.add(record.caseNo())).as("duplicate %s", record.caseNo()).isTrue();
        }
        assertThat(seen).hasSize(100_000);
        for (CaseRecord record : sample.subList(0, 2_000)) {
            assertThat(record.caseNo()).matches(CASE_NO);
            String yyyyMM = String.format("%04d%02d", record.reportDate().getYear(), record.reportDate().getMonthValue());
            assertThat(record.caseNo().substring(7, 13)).isEqualTo(yyyyMM);
        }
    }

    @Test
    void reportDatesFallInTheLastTwoYearsAndNeverInTheFuture() {
        assertThat(sample).allSatisfy(record -> assertThat(record.reportDate())
                .isAfterOrEqualTo(TODAY.minusMonths(24).plusDays(1))
                .isBeforeOrEqualTo(TODAY));
        long lastYear = sample.stream().filter(r -> r.reportDate().isAfter(TODAY.minusYears(1))).count();
        assertThat(share(lastYear)).as("both years have cases").isBetween(0.35, 0.55);
    }

    @Test
    void everyFieldIsFilledWithKnownValues() {
        assertThat(sample).allSatisfy(record -> {
            assertThat(record.district()).isIn(DISTRICTS);
            assertThat(record.gender()).isIn("男", "女");
            assertThat(record.education()).isIn((Object[]) DemoCaseGenerator.EDUCATION);
            assertThat(record.victimAge()).isBetween(12, 90);
            assertThat(record.occupation()).isNotBlank();
            assertThat(record.contactChannel()).isNotBlank();
            assertThat(record.venue()).isNotBlank();
            assertThat(record.loss()).isGreaterThanOrEqualTo(BigDecimal.valueOf(50));
            assertThat(record.loss().scale()).isLessThanOrEqualTo(0);
        });
    }

    @Test
    void proportionsAreNearThePublishedFigures() {
        assertThat(share(sample.stream().filter(r -> r.gender().equals("女")).count())).isBetween(0.50, 0.70);
        assertThat(share(sample.stream().filter(r -> r.victimAge() >= 18 && r.victimAge() <= 65).count())).isGreaterThan(0.88);
        assertThat(share(sample.stream().filter(r -> r.victimAge() >= 18 && r.victimAge() <= 40).count())).isBetween(0.52, 0.72);
        double meanAge = sample.stream().mapToInt(CaseRecord::victimAge).average().orElseThrow();
        assertThat(meanAge).isBetween(33.0, 41.0);

        Map<String, Long> byType = countBy(CaseRecord::fraudType);
        String mostCommon = byType.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(mostCommon).isEqualTo("刷单返利");
        assertThat(byType).hasSize(11);

        Map<String, Long> byDistrict = countBy(CaseRecord::district);
        assertThat(byDistrict.keySet()).isEqualTo(DISTRICTS);
        assertThat(byDistrict.get("昆都仑区")).isGreaterThan(byDistrict.get("固阳县")).isGreaterThan(byDistrict.get("石拐区"));
    }

    @Test
    void groupsKeepTheirCharacter() {
        // 九原区 has the universities
        assertThat(studentShare("九原区")).isGreaterThan(2 * studentShare("青山区"));
        // students lose little, finance staff the most
        assertThat(medianLoss("学生")).isLessThan(BigDecimal.valueOf(5_000));
        assertThat(medianLoss("财务人员")).isGreaterThan(medianLoss("企业职工")).isGreaterThan(medianLoss("学生"));
        assertThat(sample.stream().filter(r -> r.fraudType().equals("冒充领导熟人") && r.occupation().equals("财务人员")))
                .extracting(CaseRecord::venue).containsOnly("工作单位", "家中");
        assertThat(sample.stream().filter(r -> r.venue().equals("保健品推销会")))
                .extracting(CaseRecord::fraudType).containsOnly("虚假养老投资");
        assertThat(sample.stream().filter(r -> r.venue().equals("学生宿舍")))
                .extracting(CaseRecord::occupation).containsOnly("学生");
        assertThat(sample.stream().filter(r -> r.occupation().equals("离退休人员")))
                .extracting(CaseRecord::victimAge).allSatisfy(age -> assertThat(age).isGreaterThanOrEqualTo(55));
    }

    @Test
    void notesHoldNoPersonalIdentifiers() {
        assertThat(sample).extracting(CaseRecord::note).allSatisfy(note -> {
            assertThat(note).isNotBlank().hasSizeLessThan(80);
            assertThat(DIGIT_RUN.matcher(note).find()).as(note).isFalse();
        });
    }

    @Test
    void streamsAMillionWithoutHoldingThem() {
        long start = System.nanoTime();
        long count = new DemoCaseGenerator(1, TODAY).stream(1_000_000).filter(r -> r.loss().signum() > 0).count();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(count).isEqualTo(1_000_000);
        assertThat(millis).as("a million records in %d ms", millis).isLessThan(20_000);
    }

    private static double share(long count) {
        return (double) count / sample.size();
    }

    private static Map<String, Long> countBy(Function<CaseRecord, String> key) {
        return sample.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static double studentShare(String district) {
        List<CaseRecord> inDistrict = sample.stream().filter(r -> r.district().equals(district)).toList();
        return (double) inDistrict.stream().filter(r -> r.occupation().equals("学生")).count() / inDistrict.size();
    }

    private static BigDecimal medianLoss(String occupation) {
        List<BigDecimal> losses = sample.stream().filter(r -> r.occupation().equals(occupation))
                .map(CaseRecord::loss).sorted().toList();
        return losses.get(losses.size() / 2);
    }
}
