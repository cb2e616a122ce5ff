package org.qiandai.campaign.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The background threads of the application's loops and workers: named, so that a thread dump says whose they are,
 * and daemons, so that none keeps a stopping JVM alive.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads called {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One daemon thread called {@code name} running scheduled tasks. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** One daemon thread called {@code name} running tasks in turn. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }
}
