/**
 * Campaigns: goal, period, districts, target segments, their approval and lifecycle, and offline activities.
 */
@org.springframework.modulith.NamedInterface("campaigns")
package org.qiandai.campaign.campaigns;
