/**
 * Effect: case counters per month and district, fraud type and victim profile, the case trend beside the campaign
 * timeline, and a campaign's before/after comparison of what it targeted against what it did not, with its caveats.
 */
@org.springframework.modulith.NamedInterface("effect")
package org.qiandai.analytics.effect;
