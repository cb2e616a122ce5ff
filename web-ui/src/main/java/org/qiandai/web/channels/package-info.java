/**
 * Channel pages and the providers' webhooks: Twilio's status callbacks and inbound messages, a channel's recent traffic.
 */
package org.qiandai.web.channels;
