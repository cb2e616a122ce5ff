/** Targets: what leaders aim at for a year or a campaign (people reached, actions held, per district) and how far each is met. */
@org.springframework.modulith.NamedInterface("targets")
package org.qiandai.analytics.targets;
