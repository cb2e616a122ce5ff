package org.qiandai.campaign;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.TestComponent;

/**
 * The smallest application around campaign-core, for tests that need its beans: scans {@code org.qiandai.campaign}
 * only. Point it at a store with {@link EmbeddedTestStore} or {@link MongoDbTestStore}. Marked a test component so
 * that the application's own component scan skips it when this test-jar is on another module's test classpath.
 */
@SpringBootApplication
@TestComponent
public class CoreTestApplication {
}
