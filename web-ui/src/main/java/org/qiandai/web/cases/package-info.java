/**
 * Fraud case records on the web: the case pages (list, one case, import) and the {@code /api/cases} API.
 */
package org.qiandai.web.cases;
