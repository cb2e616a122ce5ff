package org.qiandai.campaign.cases;

import org.qiandai.campaign.EmbeddedTestStore;
import org.springframework.test.context.ContextConfiguration;

/** Case queries on the embedded MongoDB-compatible server. */
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseQueriesEmbeddedTests extends AbstractCaseQueriesTests {
}
