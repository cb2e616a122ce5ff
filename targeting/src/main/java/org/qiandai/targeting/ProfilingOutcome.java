package org.qiandai.targeting;

import java.util.List;
import java.util.Map;

/**
 * The result of profiling a set of cases.
 *
 * @param assignments the profile index of each input case, in input order
 * @param quality     named quality measures (e.g. "distortion", "meanStability", "separation"), for the run's page
 */
public record ProfilingOutcome(int k, KSelection kSelection, List<Profile> profiles, Map<String, Double> quality,
                               List<ScatterPoint> scatter, int[] assignments, ProfileModel model) {
}
