package org.qiandai.campaign;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Points a test's application context at a real MongoDB (a single-node replica set in a {@code mongo:7} container,
 * started once per JVM and removed by Testcontainers when it ends) and turns the demo data off. Annotate the test class
 * with {@code @Testcontainers(disabledWithoutDocker = true)} as well, so that it is skipped where there is no Docker
 * engine: {@code @ContextConfiguration(initializers = MongoDbTestStore.class)}.
 */
public final class MongoDbTestStore implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String IMAGE = "mongo:7";

    private static MongoDBContainer container;

    /** The shared server's connection string, starting its container on first use. */
    public static synchronized String connectionString() {
        if (container == null) {
            MongoDBContainer started = new MongoDBContainer(IMAGE);
            started.start();
            container = started;
        }
        return container.getReplicaSetUrl(EmbeddedTestStore.DATABASE);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // Every context on this shared store would otherwise run its own push scheduler against it, which queues (with
        // another context's audience) the pushes a push test creates: PushesTests failed so on the unchanged suite.
        TestPropertyValues.of("spring.mongodb.uri=" + connectionString(), "qiandai.demo.enabled=false",
                "qiandai.pushes.scheduler.enabled=false").applyTo(context);
    }
}
