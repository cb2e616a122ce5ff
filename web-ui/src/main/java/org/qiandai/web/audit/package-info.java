/**
 * The audit trail on the web: which requests are recorded ({@link org.qiandai.web.audit.Audited}), and the
 * administrators' API, export and page to read it.
 */
package org.qiandai.web.audit;
