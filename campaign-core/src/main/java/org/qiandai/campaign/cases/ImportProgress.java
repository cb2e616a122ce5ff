package org.qiandai.campaign.cases;

/**
 * How far a running import is.
 *
 * @param phase    {@code reading} (checking every row, nothing stored yet), {@code storing}, or {@code done}
 * @param percent  0–100 over both phases
 * @param rowsRead data rows read so far
 */
public record ImportProgress(String phase, int percent, long rowsRead) {
}
