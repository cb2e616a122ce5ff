package org.qiandai.targeting;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Not a test (no *Tests suffix): prints the k-selection curves on planted sets, the evidence behind the criterion. */
class KSelectionExperiment {

    @Test
    void curves() {
        for (double dominance : new double[] {0.7}) {
            for (long seed = 1; seed <= 3; seed++) {
                PlantedCases planted = PlantedCases.generate(3000, seed, dominance, 0.05);
                EncodedCases encoded = CaseEncoder.encode(planted.cases(), CaseFeature.defaults().stream().sorted().toList());
                KMeansFits fits = new KMeansFits(encoded.rows(ProfilingEngine.sample(encoded.n, 20000, 1)));
                long t0 = System.nanoTime();
                List<KSelector.KMeasure> measures = KSelector.measure(fits, 2, 12, seed, () -> { }, f -> { });
                System.out.printf("dominance %.1f seed %d (%.1f s)%n", dominance, seed, (System.nanoTime() - t0) / 1e9);
                double prev = KSelector.totalSumOfSquares(fits.data());
                for (int i = 0; i < measures.size(); i++) {
                    KSelector.KMeasure m = measures.get(i);
                    double next = i + 1 < measures.size() ? measures.get(i + 1).distortion() : Double.NaN;
                    System.out.printf("  k=%2d W=%9.1f gain=%.3f elbow=%5.2f CH=%8.1f stab=%.3f%n", m.k(), m.distortion(),
                            1 - m.distortion() / prev, (prev - m.distortion()) / (m.distortion() - next), m.calinskiHarabasz(), m.stability());
                    prev = m.distortion();
                }
            }
        }
    }
}
