/**
 * Beans every part of campaign-core shares: the clock and the password encoder.
 */
package org.qiandai.campaign.config;
