/**
 * SMS through a carrier's SMPP gateway (jsmpp): a transceiver session kept bound, UCS-2 and concatenated parts,
 * delivery receipts by message id, replies.
 */
package org.qiandai.channels.smpp;
