/**
 * Campaigns: the API for planning, approval and offline activities, and the list, detail, form and calendar pages.
 */
package org.qiandai.web.campaigns;
