package org.qiandai.analytics;

import org.qiandai.analytics.effect.CaseCube;
import org.qiandai.analytics.reach.ReachRebuild;
import org.springframework.stereotype.Service;

/** Rebuilds every analytics counter from the records in one call: reach (deliveries, partner reports, activities) and cases. */
@Service
public class AnalyticsRebuild {

    /** What the rebuild counted and how long it took. */
    public record Result(ReachRebuild.Result reach, long cases, double seconds) {
    }

    private final ReachRebuild reach;
    private final CaseCube cases;

    AnalyticsRebuild(ReachRebuild reach, CaseCube cases) {
        this.reach = reach;
        this.cases = cases;
    }

    /** @throws ReachRebuild.BusyException when a rebuild is running already */
    public Result rebuild() {
        long start = System.nanoTime();
        ReachRebuild.Result r = reach.rebuild();
        long n = cases.rebuild();
        return new Result(r, n, (System.nanoTime() - start) / 1e9);
    }
}
