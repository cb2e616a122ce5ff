/**
 * Small data structures campaign-core's features share (compact in-memory indexes for streamed data).
 */
package org.qiandai.campaign.support;
