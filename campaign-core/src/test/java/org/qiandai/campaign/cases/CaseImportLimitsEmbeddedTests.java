package org.qiandai.campaign.cases;

import org.qiandai.campaign.EmbeddedTestStore;
import org.springframework.test.context.ContextConfiguration;

/** The import limits on the embedded MongoDB-compatible server. */
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseImportLimitsEmbeddedTests extends AbstractCaseImportLimitsTests {
}
