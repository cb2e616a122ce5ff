/**
 * What partner platforms report back about a push (impressions and unique users by district and day): every raw
 * receipt, and the current figures per partner, push, district and day that analytics counts as reported reach.
 */
@org.springframework.modulith.NamedInterface("partnerreports")
package org.qiandai.campaign.partnerreports;
