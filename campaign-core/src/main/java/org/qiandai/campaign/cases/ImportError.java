package org.qiandai.campaign.cases;

/**
 * Why one row was refused.
 *
 * @param row    the row number as the spreadsheet shows it (the header row of a sheet starting at the top is 1)
 * @param column the header of the offending column as the file spells it, or {@code null} for the whole row
 * @param value  the offending value as read (phone and ID numbers masked, cut at 200 characters), or {@code null}
 */
public record ImportError(long row, String column, String value, String message) {
}
