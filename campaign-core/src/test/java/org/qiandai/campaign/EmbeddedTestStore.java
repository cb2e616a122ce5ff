package org.qiandai.campaign;

import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test's application context at an in-memory embedded store ({@code spring.mongodb.uri}, and the store itself as
 * a bean, as the application has its own) and turns the demo
 * data and the background push scheduler off. The store starts once per JVM and serves every context, each context
 * in a database of its own: cached contexts live on while other test classes run, and one context's background work
 * (a dispatcher, a scheduler turned back on) must never pick up another's pushes. Use
 * {@code @ContextConfiguration(initializers = EmbeddedTestStore.class)}. Tests clear the collections they use.
 */
public final class EmbeddedTestStore implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String DATABASE = "qiandai-test";

    private static EmbeddedMongoStore store;
    private static final java.util.concurrent.atomic.AtomicInteger CONTEXTS = new java.util.concurrent.atomic.AtomicInteger();

    /** The shared store's connection string to {@code database}, starting the store on first use. */
    public static synchronized String connectionString(String database) {
        if (store == null) {
            store = EmbeddedMongoStore.inMemory();
            Runtime.getRuntime().addShutdownHook(new Thread(store::close, "embedded-test-store-close"));
        }
        return store.connectionString(database);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String database = DATABASE + "-" + CONTEXTS.incrementAndGet();
        // The push scheduler queues what a push test creates on its own clock: tests that want it run it by hand.
        TestPropertyValues.of("spring.mongodb.uri=" + connectionString(database), "qiandai.demo.enabled=false",
                "qiandai.pushes.scheduler.enabled=false").applyTo(context);
        // The store is in this JVM, as the application's own embedded store is: the same reads in process
        // (InProcessReads) and commits (StoreDurability). Registered as it is, so the context never closes it.
        context.getBeanFactory().registerSingleton("embeddedMongoStore", store);
    }
}
