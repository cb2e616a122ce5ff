/**
 * Health of what the application depends on, for {@code GET /actuator/health}.
 */
package org.qiandai.web.health;
