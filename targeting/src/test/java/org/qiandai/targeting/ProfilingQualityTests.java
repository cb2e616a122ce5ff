package org.qiandai.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import smile.validation.metric.AdjustedRandIndex;

/** The engine recovers planted victim groups, through the public API. */
class ProfilingQualityTests {

    private final VictimProfiler profiler = new VictimProfiler();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void recoversPlantedGroupsWithKChosen(long seed) {
        PlantedCases planted = PlantedCases.generate(3000, seed, 0.7, 0.05);
        ProfilingOutcome outcome = profiler.profile(planted.cases(), ProfileParameters.of(null, null, seed), ProfilingProgress.NONE);
        double ari = AdjustedRandIndex.of(planted.labels(), outcome.assignments());
        System.out.printf("seed %d: k chosen %d, ARI %.3f, %s%n", seed, outcome.k(), ari, outcome.kSelection().reason());
        assertThat(ari).isGreaterThanOrEqualTo(0.8);
        assertThat(outcome.kSelection().scores()).hasSize(11);
        assertDominantValuesFound(planted, outcome);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void recoversPlantedGroupsWithKFixed(long seed) {
        PlantedCases planted = PlantedCases.generate(3000, seed, 0.7, 0.05);
        ProfilingOutcome outcome = profiler.profile(planted.cases(),
                ProfileParameters.of(planted.groups().size(), null, seed), ProfilingProgress.NONE);
        double ari = AdjustedRandIndex.of(planted.labels(), outcome.assignments());
        System.out.printf("seed %d: k fixed %d, ARI %.3f%n", seed, outcome.k(), ari);
        assertThat(outcome.k()).isEqualTo(planted.groups().size());
        assertThat(outcome.kSelection().criterion()).isEqualTo("fixed");
        assertThat(ari).isGreaterThanOrEqualTo(0.9);
        assertDominantValuesFound(planted, outcome);
        assertThat(outcome.quality().get("meanStability")).isGreaterThan(0.8);
    }

    /** Each planted group's occupation and fraud type are the top values of one found profile. */
    private static void assertDominantValuesFound(PlantedCases planted, ProfilingOutcome outcome) {
        for (PlantedCases.Group group : planted.groups()) {
            assertThat(outcome.profiles())
                    .as("a profile led by %s and %s", group.occupation(), group.fraudType())
                    .anySatisfy(p -> {
                        assertThat(top(p, CaseFeature.OCCUPATION)).isEqualTo(group.occupation());
                        assertThat(top(p, CaseFeature.FRAUD_TYPE)).isEqualTo(group.fraudType());
                    });
        }
    }

    static String top(Profile profile, CaseFeature feature) {
        List<ValueShare> values = profile.features().stream().filter(f -> f.feature() == feature).findFirst().orElseThrow().topValues();
        return values.get(0).value();
    }
}
