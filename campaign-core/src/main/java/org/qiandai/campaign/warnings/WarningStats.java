package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import org.qiandai.campaign.support.RecordIds;

/**
 * The figures leaders watch, for a period of days in the bureau's zone, in total and by district, source or fraud type:
 * <ul>
 *   <li>{@code leads} — leads detected in the period (each lead of a case counts; by the day of its {@code detectedAt}),
 *       and per day;</li>
 *   <li>{@code cases} — cases whose first lead was detected in the period; every figure below is over these cases;</li>
 *   <li>{@code timeToFirstWarning} — from the first lead's arrival to its SMS leaving for the provider; {@code
 *       timeToFirstContact} — to the first outcome that reached the person (dissuaded, not convinced, transferred);
 *       each over the cases that have one, with the median (the mean of the middle two for an even count) and the 90th
 *       percentile (nearest rank: the value at rank ⌈0.9 n⌉), in seconds;</li>
 *   <li>{@code dissuaded}, {@code lost}, {@code open}, and {@code dissuasionRate} = dissuaded ÷ (dissuaded + lost), null
 *       while none is closed;</li>
 *   <li>{@code amountAtRisk} (the largest amount the leads reported, per case) and {@code amountLost} (what officers
 *       recorded as transferred), in yuan;</li>
 *   <li>{@code deadlineBreaches} — tasks whose deadline passed without an outcome.</li>
 * </ul>
 * A case's source is its first lead's; a lead's own source is used for {@code leads} by source. Read from the cases
 * (an {@code _id} range from the period's start), never counted in advance, so the figures are exact. Public so that
 * the analytics dashboard can show them beside reach and effect.
 */
@Service
public class WarningStats {

    public static final int MAX_DAYS = 366;
    static final String UNKNOWN = "未知";

    /** How figures are broken down: by district, by source, by fraud type, or not at all. */
    public enum GroupBy {
        DISTRICT, SOURCE, FRAUD_TYPE, NONE;

        /** {@code district}, {@code source}, {@code fraudType} (or {@code fraud-type}), {@code none}; null or blank is NONE. */
        public static GroupBy parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            String name = text.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            return switch (name) {
                case "district" -> DISTRICT;
                case "source" -> SOURCE;
                case "fraudtype" -> FRAUD_TYPE;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException("groupBy '" + text.strip() + "' is not one of district, source, fraudType, none");
            };
        }

        /** The name as the API spells it. */
        public String apiName() {
            return this == FRAUD_TYPE ? "fraudType" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** Seconds from a case's first lead to something: how many cases had it, the median and the 90th percentile. */
    public record Timing(long count, Double medianSeconds, Double p90Seconds) {
    }

    public record Figures(String key, long leads, double leadsPerDay, long cases, Timing timeToFirstWarning, Timing timeToFirstContact,
                          long dissuaded, long lost, long open, Double dissuasionRate, BigDecimal amountAtRisk, BigDecimal amountLost,
                          long deadlineBreaches) {
    }

    public record Day(LocalDate date, long leads) {
    }

    public record Report(LocalDate from, LocalDate to, String groupBy, long days, Figures total, List<Figures> groups, List<Day> perDay) {
    }

    private final WarningStore store;
    private final WarningSettings settings;
    private final Clock clock;

    WarningStats(WarningStore store, WarningSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** The figures of {@code from}–{@code to} (inclusive; default the 30 days up to today), grouped as asked. */
    public Report compute(LocalDate from, LocalDate to, GroupBy groupBy) {
        ZoneId zone = clock.getZone();
        LocalDate last = to != null ? to : LocalDate.now(clock);
        LocalDate first = from != null ? from : last.minusDays(29);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("to " + last + " is before from " + first);
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("the period has " + days + " days; at most " + MAX_DAYS);
        }
        Instant start = first.atStartOfDay(zone).toInstant();
        // a case's id carries the time its first lead arrived, which is never before its detection (five minutes of skew
        // allowed); leads that joined it later came within the join window of the one before
        String fromId = RecordIds.lowerBound("wc", start.minus(settings.joinWindow()).minus(Duration.ofDays(1)));
        Map<String, Accumulator> groups = new TreeMap<>();
        Accumulator total = new Accumulator("total");
        Map<LocalDate, Long> perDay = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            perDay.put(d, 0L);
        }
        Function<String, Accumulator> group = key -> groups.computeIfAbsent(key, Accumulator::new);
        store.forEachFrom(fromId, c -> {
            for (WarningCase.CaseLead l : c.leads) {
                LocalDate day = l.detectedAt().atZone(zone).toLocalDate();
                if (!day.isBefore(first) && !day.isAfter(last)) {
                    total.leads++;
                    perDay.merge(day, 1L, Long::sum);
                    if (groupBy != GroupBy.NONE) {
                        group.apply(groupBy == GroupBy.SOURCE ? l.source().name() : key(c, groupBy)).leads++;
                    }
                }
            }
            LocalDate opened = c.leads.get(0).detectedAt().atZone(zone).toLocalDate();
            if (!opened.isBefore(first) && !opened.isAfter(last)) {
                total.add(c);
                if (groupBy != GroupBy.NONE) {
                    group.apply(key(c, groupBy)).add(c);
                }
            }
        });
        List<Figures> grouped = new ArrayList<>();
        groups.values().forEach(a -> grouped.add(a.figures(days)));
        List<Day> byDay = new ArrayList<>();
        perDay.forEach((d, n) -> byDay.add(new Day(d, n)));
        return new Report(first, last, groupBy.apiName(), days, total.figures(days), grouped, byDay);
    }

    private static String key(WarningCase c, GroupBy groupBy) {
        String key = switch (groupBy) {
            case DISTRICT -> c.district;
            case SOURCE -> c.leads.get(0).source().name();
            case FRAUD_TYPE -> c.fraudType;
            case NONE -> "total";
        };
        return key == null ? UNKNOWN : key;
    }

    /** Figures being added up. */
    private static final class Accumulator {
        final String key;
        long leads;
        long cases;
        long dissuaded;
        long lost;
        long open;
        long breaches;
        BigDecimal atRisk = BigDecimal.ZERO;
        BigDecimal lostMoney = BigDecimal.ZERO;
        final List<Double> toWarning = new ArrayList<>();
        final List<Double> toContact = new ArrayList<>();

        Accumulator(String key) {
            this.key = key;
        }

        void add(WarningCase c) {
            cases++;
            switch (c.status) {
                case DISSUADED -> dissuaded++;
                case LOST -> lost++;
                case OPEN -> open++;
            }
            breaches += c.breaches;
            if (c.amountAtRisk != null) {
                atRisk = atRisk.add(c.amountAtRisk);
            }
            if (c.amountLost != null) {
                lostMoney = lostMoney.add(c.amountLost);
            }
            if (c.firstWarningAt != null) {
                toWarning.add(seconds(c.openedAt, c.firstWarningAt));
            }
            if (c.firstContactAt != null) {
                toContact.add(seconds(c.openedAt, c.firstContactAt));
            }
        }

        Figures figures(long days) {
            long closed = dissuaded + lost;
            return new Figures(key, leads, round(leads / (double) days), cases, timing(toWarning), timing(toContact), dissuaded, lost, open,
                    closed == 0 ? null : round(dissuaded / (double) closed), plain(atRisk), plain(lostMoney), breaches);
        }
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    static Timing timing(List<Double> values) {
        if (values.isEmpty()) {
            return new Timing(0, null, null);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
        return new Timing(n, round(median), round(p90));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

}
