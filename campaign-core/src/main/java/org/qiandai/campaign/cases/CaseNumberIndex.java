package org.qiandai.campaign.cases;

/**
 * Remembers on which row each case number of a file first appeared, in 12 bytes per number (a 64-bit hash and the
 * row), so that a million-row file fits a small heap. Two different numbers share a hash with a probability of about
 * 3·10⁻⁸ per million-row file; that is the price of not keeping a million strings.
 */
final class CaseNumberIndex {

    private long[] hashes;
    private int[] rows;
    private int size;

    CaseNumberIndex() {
        hashes = new long[1 << 12];
        rows = new int[1 << 12];
    }

    /** Records {@code caseNo} at {@code row}; answers the earlier row if it was seen before, else 0. */
    int putIfAbsent(String caseNo, int row) {
        long hash = hash(caseNo);
        int mask = hashes.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (rows[slot] != 0) {
            if (hashes[slot] == hash) {
                return rows[slot];
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        rows[slot] = row;
        if (++size * 2 > hashes.length) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldRows = rows;
        hashes = new long[oldHashes.length * 2];
        rows = new int[oldRows.length * 2];
        int mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldRows[i] != 0) {
                int slot = (int) (oldHashes[i] ^ (oldHashes[i] >>> 32)) & mask;
                while (rows[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                rows[slot] = oldRows[i];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, finished with MurmurHash3's 64-bit mix. */
    static long hash(String s) {
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
