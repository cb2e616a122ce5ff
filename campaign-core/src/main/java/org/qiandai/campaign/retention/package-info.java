/**
 * Data protection: contacts and delivery records older than the configured age deleted or de-identified on a schedule,
 * and a resident's erasure (their contact deleted, their delivery records de-identified, aggregate counts kept).
 */
@org.springframework.modulith.NamedInterface("retention")
package org.qiandai.campaign.retention;
