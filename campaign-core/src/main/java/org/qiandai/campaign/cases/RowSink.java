package org.qiandai.campaign.cases;

/**
 * Receives a spreadsheet's rows as a reader streams them. Cells are {@code String}, {@code Double} or {@code Boolean};
 * a missing cell is {@code null}.
 */
public interface RowSink {

    /** A sheet begins; answer {@code false} to skip it. */
    boolean startSheet(String name, boolean date1904);

    /** One row that is not entirely empty; answer {@code false} to stop reading this sheet. */
    boolean row(long rowNumber, Object[] cells);

    /** After a sheet: answer {@code true} when no further sheet need be read. */
    boolean done();

    /** How much of the file has been read, 0 to 1; called now and then. */
    void progress(double fraction);
}
