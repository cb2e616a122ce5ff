package org.qiandai.campaign.support;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

    /**
     * A background loop: one daemon thread called {@code name} that runs {@code round} every {@code period}, the first
     * time one period from now. A round that throws is handed to {@code onFailure} (to log it) and the loop goes on:
     * one failed round, a store briefly away, must never stop it for good, as an escaped exception would.
     */
    public static ScheduledExecutorService repeating(String name, Duration period, Runnable round, Consumer<RuntimeException> onFailure) {
        ScheduledExecutorService loop = scheduler(name);
        loop.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return loop;
    }

    /** One daemon thread called {@code name} running tasks in turn. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }
}
