/**
 * The application's own metrics ({@code qiandai_*} at {@code /actuator/prometheus}, for ADMIN): imports, profile runs,
 * deliveries per channel and status, dispatch lag, callback rejections.
 */
package org.qiandai.web.metrics;
