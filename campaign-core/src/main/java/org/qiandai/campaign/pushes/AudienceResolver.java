package org.qiandai.campaign.pushes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.qiandai.campaign.contacts.ContactAudience;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.contacts.Recipient;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.support.CompactKeyIndex;

/**
 * Streams a push's segments and decides, member by member, who is messaged, in batches of {@code batchSize}
 * candidates so that the heap holds one batch and a compact set of the phone hashes seen (12 bytes each), never the
 * audience. Order of checks (the first that applies is the one counted): INVALID_NUMBER (not valid, or no hash),
 * DUPLICATE (hash seen earlier in this resolution), OUTSIDE_DISTRICTS, then per batch DO_NOT_CONTACT (one
 * {@code containingHashes} call) and FREQUENCY_CAP (one read of the send log by {@code _id}).
 */
final class AudienceResolver {

    /**
     * Receives each batch of accepted recipients, numbered from 0 in stream order; {@code segmentIds.get(i)} is the
     * segment {@code accepted.get(i)} was taken from (the first of the push's segments the person appears in).
     */
    interface Sink {
        void accept(int batch, List<Recipient> accepted, List<String> segmentIds);
    }

    /** A segment member and the segment it came from. */
    private record Member(Recipient recipient, String segmentId) {
    }

    private final ContactAudience audience;
    private final DoNotContactList doNotContact;
    private final Deliveries deliveries;
    private final int batchSize;

    AudienceResolver(ContactAudience audience, DoNotContactList doNotContact, Deliveries deliveries, int batchSize) {
        this.audience = audience;
        this.doNotContact = doNotContact;
        this.deliveries = deliveries;
        this.batchSize = batchSize;
    }

    /**
     * @param districts  the campaign's districts; empty means all
     * @param cap        the channel's frequency cap, or null for none
     * @param sink       null for a preview
     */
    AudienceSummary resolve(List<String> segmentIds, List<String> districts, FrequencyCap cap, Instant now, Sink sink) {
        Set<String> allowedDistricts = districts == null ? Set.of() : new HashSet<>(districts);
        CompactKeyIndex seen = new CompactKeyIndex();
        Map<ExclusionReason, Long> excluded = new EnumMap<>(ExclusionReason.class);
        long[] recipients = {0};
        int[] batchNo = {0};
        List<Member> candidates = new ArrayList<>(batchSize);
        for (String segmentId : segmentIds) {
            try (Stream<Recipient> members = audience.members(segmentId)) {
                Iterator<Recipient> it = members.iterator();
                while (it.hasNext()) {
                    Recipient r = it.next();
                    ExclusionReason reason = localCheck(r, seen, allowedDistricts);
                    if (reason != null) {
                        excluded.merge(reason, 1L, Long::sum);
                        continue;
                    }
                    candidates.add(new Member(r, segmentId));
                    if (candidates.size() == batchSize) {
                        recipients[0] += flush(candidates, cap, now, excluded, sink, batchNo[0]++);
                        candidates = new ArrayList<>(batchSize);
                    }
                }
            }
        }
        if (!candidates.isEmpty()) {
            recipients[0] += flush(candidates, cap, now, excluded, sink, batchNo[0]);
        }
        return AudienceSummary.of(recipients[0], excluded);
    }

    private static ExclusionReason localCheck(Recipient r, CompactKeyIndex seen, Set<String> allowedDistricts) {
        if (!r.validNumber() || r.phoneHash() == null || r.phoneHash().isBlank()) {
            return ExclusionReason.INVALID_NUMBER;
        }
        if (!seen.add(r.phoneHash())) {
            return ExclusionReason.DUPLICATE;
        }
        if (!allowedDistricts.isEmpty() && !allowedDistricts.contains(r.district())) {
            return ExclusionReason.OUTSIDE_DISTRICTS;
        }
        return null;
    }

    private int flush(List<Member> candidates, FrequencyCap cap, Instant now, Map<ExclusionReason, Long> excluded, Sink sink, int batch) {
        List<String> hashes = new ArrayList<>(candidates.size());
        for (Member m : candidates) {
            hashes.add(m.recipient().phoneHash());
        }
        Set<String> blocked = doNotContact.containingHashes(hashes);
        List<Member> allowed = candidates;
        if (!blocked.isEmpty()) {
            allowed = new ArrayList<>(candidates.size());
            hashes.clear();
            for (Member m : candidates) {
                if (blocked.contains(m.recipient().phoneHash())) {
                    excluded.merge(ExclusionReason.DO_NOT_CONTACT, 1L, Long::sum);
                } else {
                    allowed.add(m);
                    hashes.add(m.recipient().phoneHash());
                }
            }
        }
        if (cap != null && !allowed.isEmpty()) {
            Map<String, Integer> sent = deliveries.sendsSince(hashes, now.minus(cap.window()));
            if (!sent.isEmpty()) {
                List<Member> underCap = new ArrayList<>(allowed.size());
                for (Member m : allowed) {
                    if (sent.getOrDefault(m.recipient().phoneHash(), 0) >= cap.max()) {
                        excluded.merge(ExclusionReason.FREQUENCY_CAP, 1L, Long::sum);
                    } else {
                        underCap.add(m);
                    }
                }
                allowed = underCap;
            }
        }
        if (sink != null) {
            List<Recipient> recipients = new ArrayList<>(allowed.size());
            List<String> segments = new ArrayList<>(allowed.size());
            for (Member m : allowed) {
                recipients.add(m.recipient());
                segments.add(m.segmentId());
            }
            sink.accept(batch, recipients, segments);
        }
        return allowed.size();
    }
}
