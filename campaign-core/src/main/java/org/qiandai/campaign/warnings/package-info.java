/**
 * Early warning and dissuasion: leads (one person being defrauded now) become warning cases that are triaged in
 * seconds, warned by SMS at once and escalated along a ladder of officers' tasks with deadlines until the person is
 * dissuaded or lost; with the figures leaders watch.
 */
@org.springframework.modulith.NamedInterface("warnings")
package org.qiandai.campaign.warnings;
