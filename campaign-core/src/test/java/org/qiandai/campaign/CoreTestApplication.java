package org.qiandai.campaign;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest application around campaign-core, for tests that need its beans: scans {@code org.qiandai.campaign}
 * only. Point it at a store with {@link EmbeddedTestStore} or {@link MongoDbTestStore}.
 */
@SpringBootApplication
public class CoreTestApplication {
}
