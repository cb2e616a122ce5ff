/**
 * Stand-ins for the providers on 127.0.0.1 (a Twilio Messages API, an SMPP gateway), for tests and benchmarks only
 * (a named interface so that the application's own benchmarks, {@code bench warnings}, may drive them).
 */
@org.springframework.modulith.NamedInterface("standin")
package org.qiandai.channels.standin;
