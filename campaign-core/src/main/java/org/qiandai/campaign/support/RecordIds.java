package org.qiandai.campaign.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The ids of stored records ({@code imp-20261202-020131-3f9a0c5e21b7}): a kind prefix, the UTC second they were made,
 * so that ids sort by time and a reader can date them, and 48 random bits. 48 bits because the second alone does
 * not separate records: a test clock, a fast import loop or a bulk job makes thousands in one second, and with
 * the 24 bits used before, a thousand ids in one second already collided about once in thirty runs.
 */
public final class RecordIds {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RecordIds() {
    }

    /** A new id of the kind {@code prefix} (e.g. {@code "imp"}) made at {@code at}. */
    public static String next(String prefix, Instant at) {
        return next(prefix, at, ThreadLocalRandom.current());
    }

    /** The same, drawing the random part from {@code random}: seeded generators (demo data) repeat their ids. */
    public static String next(String prefix, Instant at, RandomGenerator random) {
        return String.format("%s-%s-%012x", prefix, SECOND.format(at), random.nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    /** The smallest id of the kind {@code prefix} made at or after {@code at}, for range queries over ids. */
    public static String lowerBound(String prefix, Instant at) {
        return prefix + "-" + SECOND.format(at);
    }
}
