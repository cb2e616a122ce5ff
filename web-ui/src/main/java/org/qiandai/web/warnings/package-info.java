/**
 * Early warning and dissuasion in the web layer: the {@code /api/warnings} API, the duty desk's page, officers' phone
 * page, a case's timeline, the leaders' figures, and {@code bench warnings}.
 */
package org.qiandai.web.warnings;
