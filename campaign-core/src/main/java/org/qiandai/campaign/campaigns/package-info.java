/**
 * Campaigns: goal, period, districts, target segments, channels and warnings, their approval and lifecycle with its
 * history ({@link org.qiandai.campaign.campaigns.Campaigns}), and offline activities ({@link org.qiandai.campaign.campaigns.Activities}).
 */
@org.springframework.modulith.NamedInterface("campaigns")
package org.qiandai.campaign.campaigns;
