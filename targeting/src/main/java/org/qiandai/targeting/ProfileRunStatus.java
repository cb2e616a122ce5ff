package org.qiandai.targeting;

/** Where a profiling run is: waiting for the worker, computing, or finished one of three ways. */
public enum ProfileRunStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
