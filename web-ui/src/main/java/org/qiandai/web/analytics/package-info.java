/** The leaders' dashboard and reports: the analytics API ({@code /api/analytics/**}) and the {@code /dashboard} and {@code /reports} pages. */
package org.qiandai.web.analytics;
