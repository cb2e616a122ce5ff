package org.qiandai.campaign.cases;

/**
 * How far a running import is.
 *
 * @param phase    {@code reading} (rows are checked and the good ones written as the file is read), {@code storing}
 *                 (the file is read; the last writes finish), or {@code done}
 * @param percent  0–100: how much of the file has been read
 * @param rowsRead data rows written to the store so far
 */
public record ImportProgress(String phase, int percent, long rowsRead) {
}
