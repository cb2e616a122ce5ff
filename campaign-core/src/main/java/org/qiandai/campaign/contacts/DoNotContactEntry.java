package org.qiandai.campaign.contacts;

import java.time.Instant;

/** One number on the do-not-contact list, masked; {@code phoneHash} is its key. */
public record DoNotContactEntry(String phoneHash, String phone, String reason, String source, String addedBy, Instant addedAt) {
}
