/**
 * SMS through Twilio: the sender (SDK with a client that never retries), signed status callbacks and inbound messages,
 * and reconciliation of messages whose callback never came.
 */
@org.springframework.modulith.NamedInterface("twilio")
package org.qiandai.channels.twilio;
