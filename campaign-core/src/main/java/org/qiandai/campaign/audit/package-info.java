/**
 * The audit trail: who did what to which object, when and from where (the {@code audit} collection).
 */
@org.springframework.modulith.NamedInterface("audit")
package org.qiandai.campaign.audit;
