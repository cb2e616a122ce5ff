/**
 * Warnings: message templates per channel and language, with their checks (variables, SMS length, links, rich HTML).
 */
@org.springframework.modulith.NamedInterface("templates")
package org.qiandai.campaign.templates;
