package org.qiandai.targeting;

/** A profiling computation stopped because its run was cancelled. */
public class ProfilingCancelledException extends RuntimeException {

    public ProfilingCancelledException() {
        super("the profiling run was cancelled");
    }
}
