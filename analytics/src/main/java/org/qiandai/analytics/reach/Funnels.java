package org.qiandai.analytics.reach;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Each push's delivery funnel, from its running status counters and analytics' own counters: nothing is counted on request. */
@Service
public class Funnels {

    /** Most funnels one answer lists (the pushes' latest). */
    static final int LIMIT = 100;

    private final LiveCounting live;
    private final ObjectProvider<Pushes> pushes;

    Funnels(LiveCounting live, ObjectProvider<Pushes> pushes) {
        this.live = live;
        this.pushes = pushes;
    }

    /**
     * The pushes of a campaign (null: of any) with an occurrence queued in the period (or created in it), newest
     * first, at most 100.
     */
    public List<PushFunnel> of(String campaignId, LocalDate from, LocalDate to) {
        List<PushView> candidates = pushes.getObject().list(campaignId == null || campaignId.isBlank() ? null : campaignId.strip());
        Map<String, List<Document>> captures = new HashMap<>();
        live.store().collection(ReachStore.OCCURRENCES).find().forEach(d -> captures.computeIfAbsent(d.getString("pushId"), k -> new ArrayList<>()).add(d));
        List<PushView> selected = new ArrayList<>();
        for (PushView p : candidates) {
            List<Document> occurrences = captures.getOrDefault(p.id(), List.of());
            boolean inPeriod = occurrences.stream().map(d -> LocalDate.parse(d.getString("day"))).anyMatch(d -> !d.isBefore(from) && !d.isAfter(to));
            LocalDate created = p.createdAt() == null ? null : p.createdAt().toLocalDate();
            if (inPeriod || (created != null && !created.isBefore(from) && !created.isAfter(to))) {
                selected.add(p);
            }
            if (selected.size() == LIMIT) {
                break;
            }
        }
        Map<String, Document> counted = live.store().pushes(live.store().current(), selected.stream().map(PushView::id).toList());
        List<PushFunnel> result = new ArrayList<>();
        for (PushView p : selected) {
            result.add(funnel(p, counted.get(p.id()), captures.getOrDefault(p.id(), List.of())));
        }
        return result;
    }

    static PushFunnel funnel(PushView p, Document counted, List<Document> occurrences) {
        Map<DeliveryStatus, Long> counts = p.counts();
        long queued = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> excluded = new LinkedHashMap<>();
        if (occurrences.isEmpty()) {
            p.audience().excluded().forEach((reason, n) -> excluded.merge(reason.name(), n, Long::sum));
        } else {
            for (Document o : occurrences) {
                Document e = o.get("excluded", Document.class);
                if (e != null) {
                    e.forEach((reason, n) -> excluded.merge(reason, ((Number) n).longValue(), Long::sum));
                }
            }
        }
        List<PushFunnel.FailureCode> codes = new ArrayList<>();
        Document c = counted == null ? null : counted.get("codes", Document.class);
        if (c != null) {
            c.forEach((code, n) -> codes.add(new PushFunnel.FailureCode(ReachKeys.unescape(code), ((Number) n).longValue())));
        }
        codes.sort(Comparator.comparingLong(PushFunnel.FailureCode::count).reversed().thenComparing(PushFunnel.FailureCode::code));
        return new PushFunnel(p.id(), p.campaignId(), p.channel(), p.status().name(), p.createdAt(), Math.max(p.occurrencesQueued(), occurrences.size()),
                queued, number(counted, "sent"), counts.getOrDefault(DeliveryStatus.DELIVERED, 0L), counts.getOrDefault(DeliveryStatus.FAILED, 0L),
                counts.getOrDefault(DeliveryStatus.UNDELIVERED, 0L), counts.getOrDefault(DeliveryStatus.EXPIRED, 0L),
                counts.getOrDefault(DeliveryStatus.CANCELLED, 0L),
                counts.getOrDefault(DeliveryStatus.QUEUED, 0L) + counts.getOrDefault(DeliveryStatus.SENDING, 0L),
                counts.getOrDefault(DeliveryStatus.SENT, 0L), number(counted, "optedOut"), excluded,
                excluded.values().stream().mapToLong(Long::longValue).sum(), codes);
    }

    private static long number(Document d, String field) {
        Number n = d == null ? null : d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
