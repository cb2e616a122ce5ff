package org.qiandai.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseRecord;
import smile.clustering.KModes;
import smile.math.MathEx;
import smile.validation.metric.AdjustedRandIndex;

/**
 * The evidence for the encoding: one-hot + standardised numerics + k-means against KModes on banded values, on the
 * same planted sets with the planted k. The numbers are quoted in {@link CaseEncoder}'s Javadoc.
 */
class ProfilingMethodComparisonTests {

    @Test
    void oneHotKMeansRecoversPlantedGroupsBetterThanKModes() {
        List<CaseFeature> features = CaseFeature.defaults().stream().sorted().toList();
        for (long seed = 1; seed <= 3; seed++) {
            PlantedCases planted = PlantedCases.generate(3000, seed, 0.7, 0.05);
            int k = planted.groups().size();
            EncodedCases encoded = CaseEncoder.encode(planted.cases(), features);
            KMeansFits.Fit fit = new KMeansFits(encoded.rows(ProfilingEngine.sample(encoded.n, encoded.n, 0)))
                    .best(k, ProfilingEngine.RESTARTS_SMALL, seed, () -> { });
            double kmeans = AdjustedRandIndex.of(planted.labels(), encoded.assign(fit.centroids(), null));

            int[][] banded = banded(planted.cases(), features);
            KModes best = null;
            for (int r = 0; r < ProfilingEngine.RESTARTS_SMALL; r++) {
                MathEx.setSeed(KMeansFits.mix(seed, 99, r));
                KModes m = KModes.fit(banded, k, 100);
                if (best == null || m.distortion < best.distortion) {
                    best = m;
                }
            }
            double kmodes = AdjustedRandIndex.of(planted.labels(), best.y);
            System.out.printf("seed %d: one-hot + k-means ARI %.3f, KModes on bands ARI %.3f%n", seed, kmeans, kmodes);
            assertThat(kmeans).isGreaterThanOrEqualTo(0.9).isGreaterThan(kmodes);
        }
    }

    /** Every feature as a category index, numerics by their bands, missing as its own category. */
    private static int[][] banded(List<CaseRecord> cases, List<CaseFeature> features) {
        int[][] data = new int[cases.size()][features.size()];
        for (int f = 0; f < features.size(); f++) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < cases.size(); i++) {
                data[i][f] = index.computeIfAbsent(ProfileDescriber.display(features.get(f), cases.get(i)), v -> index.size());
            }
        }
        return data;
    }
}
