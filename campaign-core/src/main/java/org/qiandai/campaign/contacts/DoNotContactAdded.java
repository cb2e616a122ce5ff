package org.qiandai.campaign.contacts;

import java.time.Instant;

/**
 * A number was newly put on the do-not-contact list (not published again for a number already listed).
 * {@code source} is {@code manual}, {@code sms-reply} (the person answered STOP) or {@code provider} (the provider
 * reported an unsubscribe): the last two are opt-outs.
 */
public record DoNotContactAdded(String phoneHash, String source, Instant at) {
}
