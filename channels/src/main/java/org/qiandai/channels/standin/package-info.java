/**
 * Stand-ins for the providers on 127.0.0.1 (a Twilio Messages API, an SMPP gateway), for tests and benchmarks only.
 */
package org.qiandai.channels.standin;
