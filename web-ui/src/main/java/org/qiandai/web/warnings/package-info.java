/**
 * Early warning and dissuasion in the web layer: the {@code /api/warnings} API, the duty desk's page, officers' phone
 * page, a case's timeline, and the leaders' figures ({@code bench warnings} is {@code org.qiandai.web.load.WarningBenchmark}).
 */
package org.qiandai.web.warnings;
