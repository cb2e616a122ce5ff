package org.qiandai.campaign.support;

/**
 * Remembers a non-zero int for each string key in 12 bytes per key (a 64-bit hash and the value, open addressing),
 * so that a million keys fit a small heap. Two different keys share a hash with a probability of about 3·10⁻⁸ per
 * million keys; that is the price of not keeping a million strings. Not thread-safe.
 */
public final class CompactKeyIndex {

    private long[] hashes;
    private int[] values;
    private int size;

    public CompactKeyIndex() {
        hashes = new long[1 << 12];
        values = new int[1 << 12];
    }

    /** Records {@code value} (not 0) for {@code key}; answers the earlier value if the key was seen before, else 0. */
    public int putIfAbsent(String key, int value) {
        if (value == 0) {
            throw new IllegalArgumentException("0 means absent");
        }
        long hash = hash(key);
        int mask = hashes.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (values[slot] != 0) {
            if (hashes[slot] == hash) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        values[slot] = value;
        if (++size * 2 > hashes.length) {
            grow();
        }
        return 0;
    }

    /** Adds {@code key}; true if it was not there yet. */
    public boolean add(String key) {
        return putIfAbsent(key, 1) == 0;
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldValues = values;
        hashes = new long[oldHashes.length * 2];
        values = new int[oldValues.length * 2];
        int mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldValues[i] != 0) {
                int slot = (int) (oldHashes[i] ^ (oldHashes[i] >>> 32)) & mask;
                while (values[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, finished with MurmurHash3's 64-bit mix. */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
