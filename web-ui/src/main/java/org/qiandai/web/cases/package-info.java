/**
 * The case repository's REST API ({@code /api/cases/**}) and pages.
 */
package org.qiandai.web.cases;
