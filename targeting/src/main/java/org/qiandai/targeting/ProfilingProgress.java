package org.qiandai.targeting;

/** Where a profiling computation reports progress and asks whether it should stop. */
public interface ProfilingProgress {

    /** @param fraction 0–1 over the whole run; @param stage e.g. "encoding", "choosing k", "clustering", "profiles" */
    void report(double fraction, String stage);

    /** Checked between steps; when true the computation throws {@link ProfilingCancelledException}. */
    boolean cancelled();

    ProfilingProgress NONE = new ProfilingProgress() {
        @Override
        public void report(double fraction, String stage) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };
}
