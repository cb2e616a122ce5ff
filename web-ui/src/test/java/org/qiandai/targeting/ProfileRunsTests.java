package org.qiandai.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseSelection;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.web.profiles.FakeVictimProfiler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Profiling runs on the embedded store, around a deterministic stand-in for the engine: a run finishes in the
 * background with its results and assignments stored; the same seed gives the same assignments; an empty selection
 * is refused; a cancel stops a run; runs left RUNNING by a stopped process are marked FAILED.
 */
@SpringBootTest(properties = {"qiandai.store.in-memory=true", "qiandai.demo.enabled=false"})
@Import(FakeVictimProfiler.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileRunsTests {

    static final int CASES = 400;

    @Autowired
    ProfileRuns runs;

    @Autowired
    CaseImports imports;

    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    void cases() {
        imports.importRecords("profile-runs-tests", new DemoCaseGenerator(7, LocalDate.of(2024, 12, 31)).iterator(CASES), "tester");
    }

    @Test
    void aRunFinishesInTheBackgroundWithItsResultsAndEveryCaseAssigned() throws Exception {
        ProfileRun started = runs.start(CaseSelection.all(), ProfileParameters.of(null, null, 1), "tester");
        assertThat(started.status()).isIn(ProfileRunStatus.RUNNING, ProfileRunStatus.QUEUED);
        ProfileRun done = await(started.id(), ProfileRunStatus.DONE);
        assertThat(done.caseCount()).isEqualTo(CASES);
        assertThat(done.k()).isEqualTo(3);
        assertThat(done.profiles()).hasSize(3);
        assertThat(done.profiles().get(0).features()).isNotEmpty();
        assertThat(done.kSelection().scores()).hasSize(5);
        assertThat(done.scatter()).isNotEmpty();
        assertThat(done.quality()).containsKey("distortion");
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();

        List<String> lines = assignments(done.id()).lines().toList();
        assertThat(lines.get(0)).isEqualTo("caseNo,profile");
        assertThat(lines).hasSize(CASES + 1);
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.matches("[^,]+,[0-2]"));
        assertThat(runs.list()).anySatisfy(r -> assertThat(r.id()).isEqualTo(done.id()));

        ProfileScore score = runs.score(done.id(), Map.of(CaseFeature.OCCUPATION, "退休人员", CaseFeature.AGE, "67")).orElseThrow();
        assertThat(score.fits()).hasSize(3);
    }

    @Test
    void theSameSeedOnTheSameCasesGivesTheSameResult() throws Exception {
        ProfileRun a = await(runs.start(CaseSelection.all(), ProfileParameters.of(4, null, 5), "tester").id(), ProfileRunStatus.DONE);
        ProfileRun b = await(runs.start(CaseSelection.all(), ProfileParameters.of(4, null, 5), "tester").id(), ProfileRunStatus.DONE);
        assertThat(assignments(a.id())).isEqualTo(assignments(b.id()));
        assertThat(a.profiles()).isEqualTo(b.profiles());
        assertThat(a.kSelection().criterion()).isEqualTo("fixed");
    }

    @Test
    void aSelectionWithNoCasesIsRefusedAtOnce() {
        CaseSelection nowhere = new CaseSelection(null, null, null, List.of("不存在区"), List.of());
        assertThatThrownBy(() -> runs.start(nowhere, ProfileParameters.of(null, null, 1), "tester"))
                .isInstanceOf(ProfileRunRejectedException.class).hasMessageContaining("no case matches");
        assertThatThrownBy(() -> runs.start(CaseSelection.all(), ProfileParameters.of(0, null, 1), "tester"))
                .isInstanceOf(ProfileRunRejectedException.class).hasMessageContaining("k must be");
    }

    @Test
    void aCancelledRunStopsAndStaysCancelled() throws Exception {
        ProfileRun started = runs.start(CaseSelection.all(), ProfileParameters.of(null, null, FakeVictimProfiler.SLOW_SEED), "tester");
        await(started.id(), ProfileRunStatus.RUNNING);
        waitFor(() -> "clustering".equals(runs.find(started.id()).orElseThrow().stage()));
        ProfileRun cancelled = runs.cancel(started.id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(ProfileRunStatus.CANCELLED);
        // The worker sees the cancel and frees itself: the next run completes.
        ProfileRun next = await(runs.start(CaseSelection.all(), ProfileParameters.of(2, null, 1), "tester").id(), ProfileRunStatus.DONE);
        assertThat(next.k()).isEqualTo(2);
        assertThat(runs.find(started.id()).orElseThrow().status()).isEqualTo(ProfileRunStatus.CANCELLED);
        assertThatThrownBy(() -> runs.copyAssignments(started.id(), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runsLeftRunningByAStoppedProcessAreMarkedFailed() {
        Date longAgo = Date.from(Instant.now().minus(Duration.ofMinutes(10)));
        Document orphan = new Document("_id", "run-orphan").append("status", "RUNNING").append("progress", 0.4)
                .append("stage", "clustering").append("filter", new Document()).append("parameters", new Document("seed", 1L)
                        .append("minK", 2).append("maxK", 12)).append("createdBy", "tester").append("createdAt", longAgo)
                .append("heartbeatAt", longAgo);
        mongo.getCollection(ProfileRunStore.COLLECTION).insertOne(orphan);
        runs.failInterruptedRuns();
        ProfileRun failed = runs.find("run-orphan").orElseThrow();
        assertThat(failed.status()).isEqualTo(ProfileRunStatus.FAILED);
        assertThat(failed.error()).contains("interrupted");
    }

    private String assignments(String id) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(runs.copyAssignments(id, out)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    private ProfileRun await(String id, ProfileRunStatus status) throws InterruptedException {
        waitFor(() -> runs.find(id).orElseThrow().status() == status || runs.find(id).orElseThrow().status().finished());
        ProfileRun run = runs.find(id).orElseThrow();
        assertThat(run.status()).as("run %s: %s", id, run.error()).isEqualTo(status);
        return run;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("timed out waiting").isLessThan(until);
            Thread.sleep(25);
        }
    }
}
