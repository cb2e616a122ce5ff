package org.qiandai.analytics.reach;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Answers reach questions from the counters alone: a period of one scope and breakdown is one {@code _id} range of
 * counter documents (one per day that has figures), and distinct people are read from their histograms (see
 * {@link PersonState}), never by counting delivery records. A period may span at most
 * {@code qiandai.analytics.max-days} days (default 1,100).
 */
@Service
public class ReachQueries {

    private final LiveCounting live;
    private final SegmentSources segments;
    private final int maxDays;

    ReachQueries(LiveCounting live, SegmentSources segments, @Value("${qiandai.analytics.max-days:1100}") int maxDays) {
        this.live = live;
        this.segments = segments;
        this.maxDays = maxDays;
    }

    /** @throws ReachRefusedException for a bad period, grouping, or a district filter with a breakdown that has none */
    public ReachReport reach(ReachQuery q) {
        check(q.from(), q.to());
        String groupBy = q.groupBy() == null || q.groupBy().isBlank() ? null : q.groupBy().strip().toLowerCase(Locale.ROOT);
        String scope = scope(q.campaignId());
        String district = blankToNull(q.district());
        ReachStore.Names names = live.store().current();
        Dim totalDim = district == null ? Dim.TOTAL : Dim.DISTRICT;
        String totalGroup = district == null ? ReachKeys.WHOLE : district;
        List<Document> totalDocs = live.store().daily(names, scope, totalDim, q.from(), q.to());
        ReachRow total = sum("total", "total", totalDocs, totalGroup, q.from());
        List<ReachRow> rows;
        if (groupBy == null) {
            rows = List.of(total);
        } else if (groupBy.equals("day") || groupBy.equals("week") || groupBy.equals("month")) {
            rows = periods(totalDocs, totalGroup, q.from(), q.to(), groupBy);
        } else {
            Dim dim = Dim.byName(groupBy).orElseThrow(() -> new ReachRefusedException(
                    "groupBy: '" + q.groupBy() + "' is not one of channel, district, segment, profile, day, week, month"));
            if (district != null && dim != Dim.DISTRICT) {
                throw new ReachRefusedException("district: the " + groupBy + " breakdown is not kept per district; "
                        + "with a district use groupBy=district, day, week or month");
            }
            rows = groups(dim, dim == Dim.DISTRICT && district != null ? totalDocs : live.store().daily(names, scope, dim, q.from(), q.to()),
                    q.from(), district);
        }
        return new ReachReport(q.from(), q.to(), q.campaignId(), district, groupBy, rows, total);
    }

    /** The totals of one scope (null: everything) and district (null: all) over a period. */
    public ReachRow totals(LocalDate from, LocalDate to, String campaignId, String district) {
        check(from, to);
        ReachStore.Names names = live.store().current();
        String d = blankToNull(district);
        return sum("total", "total", live.store().daily(names, scope(campaignId), d == null ? Dim.TOTAL : Dim.DISTRICT, from, to),
                d == null ? ReachKeys.WHOLE : d, from);
    }

    /** Every district's totals of one scope over a period, by district. */
    public Map<String, ReachRow> byDistrict(LocalDate from, LocalDate to, String campaignId) {
        check(from, to);
        Map<String, ReachRow> result = new LinkedHashMap<>();
        for (ReachRow row : groups(Dim.DISTRICT, live.store().daily(live.store().current(), scope(campaignId), Dim.DISTRICT, from, to), from, null)) {
            result.put(row.key(), row);
        }
        return result;
    }

    /** How current the counters are. */
    public CounterState state() {
        Document state = live.store().state();
        Document last = state.get("lastRebuild", Document.class);
        LiveCounting.Health health = live.health();
        return new CounterState(live.store().generation(), last == null || last.getDate("at") == null ? null : last.getDate("at").toInstant(),
                last == null || last.get("seconds") == null ? null : ((Number) last.get("seconds")).doubleValue(), health.queued(),
                health.dropped(), health.failedBatches());
    }

    private void check(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw new ReachRefusedException("from and to are required (yyyy-MM-dd)");
        }
        if (to.isBefore(from)) {
            throw new ReachRefusedException("to (" + to + ") is before from (" + from + ")");
        }
        if (from.plusDays(maxDays).isBefore(to.plusDays(1))) {
            throw new ReachRefusedException("the period " + from + " – " + to + " is longer than " + maxDays
                    + " days (qiandai.analytics.max-days)");
        }
    }

    private static String scope(String campaignId) {
        String c = blankToNull(campaignId);
        return c == null ? ReachKeys.ALL : c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Running sums of one group's figures, and the people first reached in the sum's period. */
    private static final class Sums {
        long reach;
        final long[] figures = new long[Figure.values().length];

        void add(Document group, int cutoff) {
            for (Figure f : Figure.values()) {
                Number n = group.get(f.field, Number.class);
                if (n != null) {
                    figures[f.ordinal()] += n.longValue();
                }
            }
            reach += reachedBefore(group, cutoff);
        }

        ReachRow row(String key, String label) {
            return new ReachRow(key, label, reach, figures[Figure.DELIVERED.ordinal()], figures[Figure.SENT.ordinal()],
                    figures[Figure.FAILED.ordinal()], figures[Figure.IMPRESSIONS.ordinal()], figures[Figure.ESTIMATED.ordinal()],
                    figures[Figure.REPORTED_USERS.ordinal()], figures[Figure.ACTIVITIES.ordinal()], figures[Figure.OCCURRENCES.ordinal()]);
        }
    }

    /** People counted in a day's histogram whose previous reached day lies before {@code cutoff} (or who have none). */
    static long reachedBefore(Document group, int cutoff) {
        Document p = group.get("p", Document.class);
        if (p == null) {
            return 0;
        }
        long n = 0;
        for (Map.Entry<String, Object> e : p.entrySet()) {
            if (e.getKey().equals(ReachKeys.FIRST) || Integer.parseInt(e.getKey()) < cutoff) {
                n += ((Number) e.getValue()).longValue();
            }
        }
        return n;
    }

    private static Document group(Document day, String group) {
        Document g = day.get("g", Document.class);
        return g == null ? null : g.get(ReachKeys.escape(group), Document.class);
    }

    private static ReachRow sum(String key, String label, List<Document> docs, String group, LocalDate from) {
        Sums sums = new Sums();
        int cutoff = (int) from.toEpochDay();
        for (Document day : docs) {
            Document g = group(day, group);
            if (g != null) {
                sums.add(g, cutoff);
            }
        }
        return sums.row(key, label);
    }

    private List<ReachRow> groups(Dim dim, List<Document> docs, LocalDate from, String onlyDistrict) {
        int cutoff = (int) from.toEpochDay();
        Map<String, Sums> byGroup = new LinkedHashMap<>();
        for (Document day : docs) {
            Document g = day.get("g", Document.class);
            if (g == null) {
                continue;
            }
            for (Map.Entry<String, Object> e : g.entrySet()) {
                String group = ReachKeys.unescape(e.getKey());
                if (onlyDistrict == null || onlyDistrict.equals(group)) {
                    byGroup.computeIfAbsent(group, k -> new Sums()).add((Document) e.getValue(), cutoff);
                }
            }
        }
        Map<String, String> profileLabels = dim == Dim.PROFILE ? segments.profileLabels() : Map.of();
        List<ReachRow> rows = new ArrayList<>();
        byGroup.forEach((group, sums) -> rows.add(sums.row(group, switch (dim) {
            case SEGMENT -> segments.nameOf(group);
            case PROFILE -> profileLabels.getOrDefault(group, group);
            default -> group;
        })));
        rows.sort(Comparator.comparingLong(ReachRow::measuredReach).reversed().thenComparing(Comparator.comparingLong(ReachRow::impressions).reversed())
                .thenComparing(ReachRow::key));
        return rows;
    }

    private static List<ReachRow> periods(List<Document> docs, String group, LocalDate from, LocalDate to, String unit) {
        Map<String, Document> byDay = new LinkedHashMap<>();
        for (Document d : docs) {
            String id = d.getString("_id");
            byDay.put(id.substring(id.lastIndexOf('|') + 1), d);
        }
        List<ReachRow> rows = new ArrayList<>();
        LocalDate start = from;
        while (!start.isAfter(to)) {
            LocalDate end = switch (unit) {
                case "day" -> start;
                case "week" -> start.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
                default -> start.with(TemporalAdjusters.lastDayOfMonth());
            };
            if (end.isAfter(to)) {
                end = to;
            }
            Sums sums = new Sums();
            int cutoff = (int) start.toEpochDay();
            for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                Document day = byDay.get(d.toString());
                Document g = day == null ? null : group(day, group);
                if (g != null) {
                    sums.add(g, cutoff);
                }
            }
            rows.add(sums.row(periodKey(start, unit), start.toString()));
            start = end.plusDays(1);
        }
        return rows;
    }

    /** {@code 2026-11-28}, {@code 2026-W48} (ISO week), {@code 2026-11}. */
    static String periodKey(LocalDate day, String unit) {
        return switch (unit) {
            case "day" -> day.toString();
            case "week" -> String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            default -> String.format(Locale.ROOT, "%d-%02d", day.getYear(), day.getMonthValue());
        };
    }
}
