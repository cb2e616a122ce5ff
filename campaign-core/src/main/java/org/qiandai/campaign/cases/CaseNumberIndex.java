package org.qiandai.campaign.cases;

import org.qiandai.campaign.support.CompactKeyIndex;

/**
 * Remembers on which row each case number of a file first appeared, in 12 bytes per number ({@link CompactKeyIndex}),
 * so that a million-row file fits a small heap.
 */
final class CaseNumberIndex {

    private final CompactKeyIndex index = new CompactKeyIndex();

    /** Records {@code caseNo} at {@code row} (1 or more); answers the earlier row if it was seen before, else 0. */
    int putIfAbsent(String caseNo, int row) {
        return index.putIfAbsent(caseNo, row);
    }
}
