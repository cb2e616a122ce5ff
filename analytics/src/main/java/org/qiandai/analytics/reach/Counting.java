package org.qiandai.analytics.reach;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.qiandai.campaign.deliveries.DeliveryStatus;

/**
 * What one mark changes: the ledger of the person (or broadcast record) it belongs to, the person's reached days, the
 * counters of every scope it falls in, and its push's funnel. The one place both live counting and a rebuild count
 * through, so that they give the same numbers.
 */
final class Counting {

    /** The district group of a delivery that names none. */
    static final String NO_DISTRICT = "未知";

    private final ZoneId zone;
    private final Function<String, String> profileOfSegment;
    private final String daily;
    private final String pushes;

    /**
     * @param profileOfSegment the victim profile ({@code runId#index}) a segment was saved from, or null
     * @param daily            the counter collection written to
     * @param pushes           the per-push funnel collection written to
     */
    Counting(ZoneId zone, Function<String, String> profileOfSegment, String daily, String pushes) {
        this.zone = zone;
        this.profileOfSegment = profileOfSegment;
        this.daily = daily;
        this.pushes = pushes;
    }

    /** Applies a mark unless its ledger has it; answers whether anything changed. */
    boolean apply(PersonState state, Mark mark, Deltas out) {
        if (!state.record(mark.pushId(), mark.occurrence(), mark.kind())) {
            return false;
        }
        LocalDate day = mark.at().atZone(zone).toLocalDate();
        boolean person = mark.phoneHash() != null;
        switch (mark.kind()) {
            case SENT -> {
                out.inc(pushes, mark.pushId(), "sent", 1);
                if (person) {
                    state.sent(mark.pushId(), mark.at().toEpochMilli());
                }
            }
            case DELIVERED -> out.inc(pushes, mark.pushId(), "delivered", 1);
            case FAILED -> {
                out.inc(pushes, mark.pushId(), failedField(mark.status()), 1);
                out.inc(pushes, mark.pushId(), "codes." + ReachKeys.escape(mark.errorCode() == null ? "-" : mark.errorCode()), 1);
            }
        }
        if (!person) {
            return true; // a partner broadcast addresses nobody: its reach is what the partner reports
        }
        Figure figure = switch (mark.kind()) {
            case SENT -> Figure.SENT;
            case DELIVERED -> Figure.DELIVERED;
            case FAILED -> Figure.FAILED;
        };
        for (Scope scope : scopes(mark)) {
            out.inc(daily, scope.docId(day), scope.field(figure), 1);
            if (mark.kind() == Mark.Kind.DELIVERED) {
                state.reach(scope, (int) day.toEpochDay(), out, daily);
            }
        }
        return true;
    }

    /** Counts an opt-out against the push that last sent to the person, once per person. */
    boolean optOut(PersonState state, Deltas out) {
        if (state.optedOut != null || state.lastPush == null) {
            return false;
        }
        state.optedOut = state.lastPush;
        out.inc(pushes, state.lastPush, "optedOut", 1);
        return true;
    }

    private static String failedField(DeliveryStatus status) {
        return switch (status) {
            case UNDELIVERED -> "undelivered";
            case EXPIRED -> "expired";
            default -> "failed";
        };
    }

    /** Every scope a person's delivery counts in: everything and its campaign, each by total, channel, district, segment, profile. */
    List<Scope> scopes(Mark mark) {
        String district = mark.district() == null || mark.district().isBlank() ? NO_DISTRICT : mark.district();
        String profile = mark.segmentId() == null ? null : profileOfSegment.apply(mark.segmentId());
        List<Scope> scopes = new ArrayList<>(10);
        for (String scope : mark.campaignId() == null ? List.of(ReachKeys.ALL) : List.of(ReachKeys.ALL, mark.campaignId())) {
            scopes.add(new Scope(scope, Dim.TOTAL, ReachKeys.WHOLE));
            scopes.add(new Scope(scope, Dim.CHANNEL, mark.channel()));
            scopes.add(new Scope(scope, Dim.DISTRICT, district));
            if (mark.segmentId() != null) {
                scopes.add(new Scope(scope, Dim.SEGMENT, mark.segmentId()));
            }
            if (profile != null) {
                scopes.add(new Scope(scope, Dim.PROFILE, profile));
            }
        }
        return scopes;
    }
}
