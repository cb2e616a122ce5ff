package org.qiandai.campaign.cases;

import org.qiandai.campaign.EmbeddedTestStore;
import org.springframework.test.context.ContextConfiguration;

/** The import rules on the embedded MongoDB-compatible server. */
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseImportsEmbeddedTests extends AbstractCaseImportsTests {
}
