package org.qiandai.campaign.contacts;

import java.util.Collection;
import java.util.Set;

/**
 * Numbers that are never messaged again: opt-outs from any channel (STOP, 退订, TD, a provider's "unsubscribed")
 * and manual entries. STUB: the contacts work implements it without changing these signatures.
 */
public interface DoNotContactList {

    /** Adds a number (any common Chinese or E.164 form); idempotent. {@code source} e.g. "manual", "sms-reply", "provider". */
    void add(String phone, String reason, String source, String by);

    /** Adds a number known only by its keyed hash (a provider's opt-out for a delivery); idempotent. */
    void addHash(String phoneHash, String reason, String source, String by);

    boolean containsHash(String phoneHash);

    /** Of these hashes, the ones on the list: one store round trip per call, for audiences checked in batches. */
    Set<String> containingHashes(Collection<String> phoneHashes);
}
