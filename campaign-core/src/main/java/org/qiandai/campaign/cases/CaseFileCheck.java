package org.qiandai.campaign.cases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Checks an import's rows as they are read: finds the header, checks every data row against the rules, hands the good
 * rows on to be stored and lists the refused ones with their reasons.
 */
final class CaseFileCheck implements RowSink {

    /** How many non-empty rows at the top of a sheet may precede its header (titles, notes, blank-ish lines). */
    static final int HEADER_SEARCH_ROWS = 20;
    /** A header row must name at least this many known columns, the case number among them. */
    static final int MIN_KNOWN_HEADERS = 2;

    private final ImportLimits limits;
    private final LocalDate today;
    private final Consumer<CaseRecord> accepted;
    private final DoubleConsumer progress;
    private final CaseNumberIndex seen = new CaseNumberIndex();
    private final List<ImportError> errors = new ArrayList<>();
    private final List<String> ignoredColumns = new ArrayList<>();

    private Map<CaseColumn, Integer> columns;
    private String[] headers;
    private long headerRow;
    private boolean date1904;
    private int rowsScannedForHeader;
    private boolean sheetDone;
    private String partialHeaderMessage;
    private long rows;
    private long rejected;
    private boolean errorsTruncated;

    CaseFileCheck(ImportLimits limits, LocalDate today, Consumer<CaseRecord> accepted, DoubleConsumer progress) {
        this.limits = limits;
        this.today = today;
        this.accepted = accepted;
        this.progress = progress;
    }

    /** Raised from inside a reader when the whole file must be refused. */
    static final class FileRefused extends RuntimeException {
        final CaseFileReader.ImportRefusal refusal;

        FileRefused(CaseFileReader.ImportRefusal refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }

    @Override
    public boolean startSheet(String name, boolean date1904) {
        this.date1904 = date1904;
        this.rowsScannedForHeader = 0;
        return true;
    }

    @Override
    public boolean row(long rowNumber, Object[] cells) {
        if (columns == null) {
            return lookForHeader(rowNumber, cells);
        }
        rows++;
        if (rows > limits.maxRows()) {
            throw new FileRefused(new CaseFileReader.ImportRefusal(ImportRefusedException.Reason.TOO_LARGE,
                    "the file has more than " + limits.maxRows() + " data rows (qiandai.import.max-rows); split it", null));
        }
        check(rowNumber, cells);
        return true;
    }

    @Override
    public boolean done() {
        return sheetDone;
    }

    @Override
    public void progress(double fraction) {
        progress.accept(fraction);
    }

    /** After reading: refuses a file in which no sheet had a recognisable header. */
    void requireHeader() throws CaseFileReader.ImportRefusal {
        if (columns == null) {
            throw new CaseFileReader.ImportRefusal(ImportRefusedException.Reason.UNREADABLE, partialHeaderMessage != null
                    ? partialHeaderMessage
                    : "no recognisable header row in the first " + HEADER_SEARCH_ROWS + " rows of any sheet: expected columns such as "
                    + "案件编号 (case_no), 报案日期 (report_date), 所属辖区 (district), 受害人年龄 (age), 诈骗类型 (fraud_type), 损失金额(元) (loss)", null);
        }
    }

    private boolean lookForHeader(long rowNumber, Object[] cells) {
        if (++rowsScannedForHeader > HEADER_SEARCH_ROWS) {
            return false;
        }
        Map<CaseColumn, Integer> found = new EnumMap<>(CaseColumn.class);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            String header = CaseValues.text(cells[i]);
            if (header == null) {
                continue;
            }
            CaseColumn column = CaseColumn.forHeader(header).orElse(null);
            if (column != null && !found.containsKey(column)) {
                found.put(column, i);
            } else {
                unknown.add(header.strip());
            }
        }
        if (found.size() < MIN_KNOWN_HEADERS) {
            return true;
        }
        if (!found.containsKey(CaseColumn.CASE_NO)) {
            partialHeaderMessage = "the header on row " + rowNumber + " has no case number column (" + String.join("/", CaseColumn.CASE_NO.headers()) + ")";
            return true;
        }
        columns = found;
        headerRow = rowNumber;
        headers = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String text = CaseValues.text(cells[i]);
            headers[i] = text == null ? null : text.strip();
        }
        ignoredColumns.addAll(unknown);
        sheetDone = true;
        return true;
    }

    private void check(long rowNumber, Object[] cells) {
        List<ImportError> rowErrors = new ArrayList<>(2);
        String caseNo = null;
        try {
            caseNo = CaseValues.caseNo(cell(cells, CaseColumn.CASE_NO));
        } catch (CaseValues.Invalid e) {
            rowErrors.add(error(rowNumber, CaseColumn.CASE_NO, cells, e.getMessage()));
        }
        if (caseNo != null) {
            int first = seen.putIfAbsent(caseNo, (int) Math.min(Integer.MAX_VALUE, rowNumber));
            if (first != 0) {
                rowErrors.add(error(rowNumber, CaseColumn.CASE_NO, cells, "case number repeats row " + first + " of this file; the first is kept"));
            }
        }
        LocalDate reportDate = null;
        Integer age = null;
        BigDecimal loss = null;
        String[] texts = new String[CaseColumn.values().length];
        for (CaseColumn column : columns.keySet()) {
            Object cell = cell(cells, column);
            try {
                switch (column) {
                    case CASE_NO -> { }
                    case REPORT_DATE -> reportDate = CaseValues.date(cell, date1904, today);
                    case AGE -> age = CaseValues.age(cell);
                    case LOSS -> loss = CaseValues.loss(cell);
                    case GENDER -> texts[column.ordinal()] = CaseValues.gender(cell);
                    case NOTE -> texts[column.ordinal()] = CaseValues.note(cell);
                    default -> texts[column.ordinal()] = CaseValues.category(cell);
                }
            } catch (CaseValues.Invalid e) {
                rowErrors.add(error(rowNumber, column, cells, e.getMessage()));
            }
        }
        if (!rowErrors.isEmpty()) {
            rejected++;
            for (ImportError error : rowErrors) {
                if (errors.size() < limits.maxErrors()) {
                    errors.add(error);
                } else {
                    errorsTruncated = true;
                }
            }
            return;
        }
        CaseRecord record = new CaseRecord(caseNo, reportDate, texts[CaseColumn.DISTRICT.ordinal()], age,
                texts[CaseColumn.GENDER.ordinal()], texts[CaseColumn.OCCUPATION.ordinal()], texts[CaseColumn.EDUCATION.ordinal()],
                texts[CaseColumn.FRAUD_TYPE.ordinal()], texts[CaseColumn.CONTACT_CHANNEL.ordinal()], texts[CaseColumn.VENUE.ordinal()],
                loss, texts[CaseColumn.NOTE.ordinal()]);
        accepted.accept(record);
    }

    private Object cell(Object[] cells, CaseColumn column) {
        int index = columns.get(column);
        return index < cells.length ? cells[index] : null;
    }

    private ImportError error(long rowNumber, CaseColumn column, Object[] cells, String message) {
        int index = columns.get(column);
        return new ImportError(rowNumber, headers[index], CaseValues.quoted(cell(cells, column)), message);
    }

    long rows() {
        return rows;
    }

    long rejected() {
        return rejected;
    }

    List<ImportError> errors() {
        return errors;
    }

    boolean errorsTruncated() {
        return errorsTruncated;
    }

    List<String> ignoredColumns() {
        return ignoredColumns;
    }

    long headerRow() {
        return headerRow;
    }
}
