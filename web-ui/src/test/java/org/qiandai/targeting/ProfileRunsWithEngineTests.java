package org.qiandai.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseSelection;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentRule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A profiling run end to end with the real engine on realistic demo cases: it finishes, chooses k by its criterion,
 * assigns every case, scores a person, and a profile's segment draft reads the engine's own bands and values.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileRunsWithEngineTests {

    static final int CASES = 3000;

    @Autowired
    ProfileRuns runs;

    @Autowired
    SegmentDrafts drafts;

    @Autowired
    CaseImports imports;

    @BeforeAll
    void cases() {
        imports.importRecords("engine-tests", new DemoCaseGenerator(11, LocalDate.of(2025, 6, 30)).iterator(CASES), "tester");
    }

    @Test
    void aRealRunProfilesAssignsScoresAndDraftsSegments() throws Exception {
        String id = runs.start(CaseSelection.all(), ProfileParameters.of(null, null, 3), "tester").id();
        long until = System.currentTimeMillis() + 120_000;
        while (!runs.find(id).orElseThrow().status().finished()) {
            assertThat(System.currentTimeMillis()).as("run %s still running", id).isLessThan(until);
            Thread.sleep(100);
        }
        ProfileRun run = runs.find(id).orElseThrow();
        assertThat(run.status()).as(run.error()).isEqualTo(ProfileRunStatus.DONE);
        assertThat(run.caseCount()).isEqualTo(CASES);
        assertThat(run.k()).isBetween(3, 12); // overlapping realistic groups still give an analyst more than one split
        assertThat(run.kSelection().criterion()).isEqualTo(KSelector.CRITERION);
        assertThat(run.profiles()).hasSize(run.k());
        assertThat(run.profiles()).allSatisfy(p -> {
            assertThat(p.labelZh()).isNotBlank();
            assertThat(p.stability()).isBetween(0.0, 1.0);
        });
        assertThat(run.profiles().stream().mapToLong(Profile::size).sum()).isEqualTo(CASES);

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        assertThat(runs.copyAssignments(id, csv)).isTrue();
        List<String> lines = csv.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(CASES + 1).first().isEqualTo("caseNo,profile");

        ProfileScore score = runs.score(id, Map.of(CaseFeature.OCCUPATION, "学生", CaseFeature.AGE, "20", CaseFeature.FRAUD_TYPE, "刷单返利")).orElseThrow();
        assertThat(score.confidence()).isBetween(0.0, 1.0);
        assertThat(score.fits()).hasSize(run.k());

        for (Profile profile : run.profiles()) {
            SegmentDraft draft = drafts.draft(id, profile.index()).orElseThrow();
            assertThat(draft.rule().matchesAll()).isTrue();
            assertThat(draft.rule().rules().isEmpty() && draft.interest() == null).as("draft of %s proposes nothing", profile.labelZh()).isFalse();
            for (SegmentRule condition : draft.rule().rules()) {
                assertThat(condition.field()).isIn("age", "gender", "occupation", "education", "district");
                if (condition.field().equals("age")) {
                    Integer[] range = condition.ageRange();
                    assertThat(range[0] != null || range[1] != null).as("age band read from %s", profile.labelZh()).isTrue();
                } else {
                    assertThat(condition.textValues()).isNotEmpty().doesNotContain("其他", "未知");
                }
            }
            if (!draft.rule().rules().isEmpty()) {
                assertThat(draft.rule().check()).isEqualTo(draft.rule());
            }
        }
    }
}
