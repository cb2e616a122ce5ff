/**
 * Channel pages and the providers' webhooks: Twilio's status callbacks and inbound messages, a channel's recent traffic,
 * and the administrators' channel settings (page and API).
 */
package org.qiandai.web.channels;
