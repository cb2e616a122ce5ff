package org.qiandai.campaign;

import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test's application context at an in-memory embedded store ({@code spring.mongodb.uri}) and turns the demo
 * data and the background push scheduler off. The store starts once per JVM and serves every context, so that test
 * classes using this initializer share one cached context: {@code @ContextConfiguration(initializers =
 * EmbeddedTestStore.class)}. Tests clear the collections they use.
 */
public final class EmbeddedTestStore implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String DATABASE = "qiandai-test";

    private static EmbeddedMongoStore store;

    /** The shared store's connection string, starting the store on first use. */
    public static synchronized String connectionString() {
        if (store == null) {
            store = EmbeddedMongoStore.inMemory();
            Runtime.getRuntime().addShutdownHook(new Thread(store::close, "embedded-test-store-close"));
        }
        return store.connectionString(DATABASE);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // Every context on this shared store would otherwise run its own push scheduler against it, which queues (with
        // another context's audience) the pushes a push test creates: PushesTests failed so on the unchanged suite.
        TestPropertyValues.of("spring.mongodb.uri=" + connectionString(), "qiandai.demo.enabled=false",
                "qiandai.pushes.scheduler.enabled=false").applyTo(context);
    }
}
