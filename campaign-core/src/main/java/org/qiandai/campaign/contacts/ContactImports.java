package org.qiandai.campaign.contacts;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.cases.ImportError;
import org.qiandai.campaign.cases.ImportLimits;
import org.qiandai.campaign.cases.ImportProgress;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.cases.ImportStatus;
import org.qiandai.campaign.cases.ImportSummary;
import org.qiandai.campaign.cases.RowSink;
import org.qiandai.campaign.cases.TabularFiles;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.RecordIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports contact files ({@code .xlsx} streamed, {@code .xls}, {@code .csv} in UTF-8 or GB18030) through the case
 * import's readers and checks, in two passes: <em>reading</em> checks every row (a number that is not a phone number,
 * a repeat of an earlier row's number, a bad age …) and keeps the good ones, encrypted; a file refused as a whole stops
 * here with nothing stored. <em>Storing</em> then writes them in bulk keyed by the phone's hash, so a re-import is
 * idempotent. Good rows are held in memory between the passes (encrypted), so a file holds at most
 * {@link #MAX_ROWS} rows.
 */
@Service
public class ContactImports {

    private static final Logger log = LoggerFactory.getLogger(ContactImports.class);
    static final int MAX_ROWS = 500_000;
    static final int HEADER_SEARCH_ROWS = 20;

    private final Contacts contacts;
    private final ContactStore store;
    private final ImportLimits limits;
    private final StoreDurability durability;
    private final Clock clock;

    ContactImports(Contacts contacts, ContactStore store, ImportLimits limits, StoreDurability durability, Clock clock) {
        this.contacts = contacts;
        this.store = store;
        this.limits = limits;
        this.durability = durability;
        this.clock = clock;
    }

    /** Imports one file and answers when done; throws {@link ImportRefusedException} when the file as a whole is refused. */
    public ImportSummary importFile(Path file, String fileName, String user) {
        Instant started = clock.instant();
        String batchId = RecordIds.next("cim", started);
        String format = TabularFiles.check(file, fileName, limits.maxFileSize().toBytes());
        Check check = new Check(Math.min(MAX_ROWS, limits.maxRows()), limits.maxErrors());
        TabularFiles.read(file, fileName, check);
        if (check.columns == null) {
            throw new ImportRefusedException(ImportRefusedException.Reason.UNREADABLE, check.headerProblem != null ? check.headerProblem
                    : "no recognisable header row in the first " + HEADER_SEARCH_ROWS + " rows of any sheet: expected a phone column "
                    + "(手机号 / phone) and columns such as 所属辖区 (district), 年龄 (age), 性别 (gender), 职业 (occupation)");
        }
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        int batch = limits.batchSize();
        Instant at = clock.instant();
        for (int from = 0; from < check.good.size(); from += batch) {
            ContactStore.Applied applied = store.write(check.good.subList(from, Math.min(check.good.size(), from + batch)), user, batchId, at);
            inserted += applied.inserted();
            updated += applied.updated();
            unchanged += applied.unchanged();
        }
        durability.commit();
        log.info("Contact import {} of '{}': {} rows, {} imported, {} updated, {} unchanged, {} rejected", batchId, fileName, check.rows,
                inserted, updated, unchanged, check.rejected);
        return new ImportSummary(batchId, fileName, format, ImportStatus.DONE, user, started, clock.instant(), check.rows, inserted, updated,
                unchanged, check.rejected, check.ignoredColumns, check.errors, check.errorsTruncated,
                new ImportProgress("done", 100, check.rows), null);
    }

    /** The reading pass: finds the header, checks each row, keeps the good ones. */
    private final class Check implements RowSink {
        private final long maxRows;
        private final int maxErrors;
        private final LocalDate today = LocalDate.now(clock);
        private final List<ContactRecord> good = new ArrayList<>();
        private final Map<String, Long> seen = new HashMap<>();
        private final List<ImportError> errors = new ArrayList<>();
        private final List<String> ignoredColumns = new ArrayList<>();
        private Map<ContactColumn, Integer> columns;
        private String[] headers;
        private boolean date1904;
        private int scanned;
        private String headerProblem;
        private long rows;
        private long rejected;
        private boolean errorsTruncated;

        Check(long maxRows, int maxErrors) {
            this.maxRows = maxRows;
            this.maxErrors = maxErrors;
        }

        @Override
        public boolean startSheet(String name, boolean date1904) {
            this.date1904 = date1904;
            this.scanned = 0;
            return columns == null;
        }

        @Override
        public boolean row(long rowNumber, Object[] cells) {
            if (columns == null) {
                return header(rowNumber, cells);
            }
            if (++rows > maxRows) {
                throw new ImportRefusedException(ImportRefusedException.Reason.TOO_LARGE,
                        "the file has more than " + maxRows + " data rows; split it");
            }
            check(rowNumber, cells);
            return true;
        }

        @Override
        public boolean done() {
            return columns != null;
        }

        @Override
        public void progress(double fraction) {
        }

        private boolean header(long rowNumber, Object[] cells) {
            if (++scanned > HEADER_SEARCH_ROWS) {
                return false;
            }
            Map<ContactColumn, Integer> found = new EnumMap<>(ContactColumn.class);
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                String header = TabularFiles.text(cells[i]);
                if (header == null) {
                    continue;
                }
                ContactColumn column = ContactColumn.forHeader(header).orElse(null);
                if (column != null && !found.containsKey(column)) {
                    found.put(column, i);
                } else {
                    unknown.add(header.strip());
                }
            }
            if (found.isEmpty()) {
                return true;
            }
            if (!found.containsKey(ContactColumn.PHONE)) {
                if (found.size() >= 2) {
                    headerProblem = "the header on row " + rowNumber + " has no phone column (" + String.join("/", ContactColumn.PHONE.headers()) + ")";
                }
                return true;
            }
            columns = found;
            headers = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                String text = TabularFiles.text(cells[i]);
                headers[i] = text == null ? null : text.strip();
            }
            ignoredColumns.addAll(unknown);
            return true;
        }

        private void check(long rowNumber, Object[] cells) {
            List<ImportError> rowErrors = new ArrayList<>(2);
            Integer age = null;
            Integer birthYear = null;
            LocalDate consent = null;
            try {
                age = TabularFiles.age(cell(cells, ContactColumn.AGE));
            } catch (IllegalArgumentException e) {
                rowErrors.add(error(rowNumber, ContactColumn.AGE, cells, e.getMessage()));
            }
            String birth = TabularFiles.text(cell(cells, ContactColumn.BIRTH_YEAR));
            if (birth != null) {
                try {
                    birthYear = Integer.valueOf(TabularFiles.nfkc(birth).strip().replace("年", ""));
                } catch (NumberFormatException e) {
                    rowErrors.add(error(rowNumber, ContactColumn.BIRTH_YEAR, cells, "birth year is not a year (write 1980)"));
                }
            }
            try {
                consent = TabularFiles.date(cell(cells, ContactColumn.CONSENT_DATE), date1904, today);
            } catch (IllegalArgumentException e) {
                rowErrors.add(error(rowNumber, ContactColumn.CONSENT_DATE, cells, "consent " + e.getMessage()));
            }
            String phone = TabularFiles.text(cell(cells, ContactColumn.PHONE));
            ContactRecord record = null;
            if (rowErrors.isEmpty()) {
                try {
                    record = contacts.record(phone, text(cells, ContactColumn.DISTRICT), age, birthYear, text(cells, ContactColumn.GENDER),
                            text(cells, ContactColumn.OCCUPATION), text(cells, ContactColumn.EDUCATION), text(cells, ContactColumn.LANGUAGE),
                            text(cells, ContactColumn.SOURCE), consent);
                } catch (ContactRejectedException e) {
                    rowErrors.add(error(rowNumber, columnOf(e.getMessage()), cells, e.getMessage()));
                }
            }
            if (record != null) {
                Long first = seen.putIfAbsent(record.id(), rowNumber);
                if (first != null) {
                    rowErrors.add(error(rowNumber, ContactColumn.PHONE, cells, "phone number repeats row " + first + " of this file; the first is kept"));
                }
            }
            if (!rowErrors.isEmpty()) {
                rejected++;
                for (ImportError error : rowErrors) {
                    if (errors.size() < maxErrors) {
                        errors.add(error);
                    } else {
                        errorsTruncated = true;
                    }
                }
                return;
            }
            good.add(record);
        }

        private ContactColumn columnOf(String message) {
            for (ContactColumn c : new ContactColumn[] {ContactColumn.PHONE, ContactColumn.BIRTH_YEAR, ContactColumn.AGE, ContactColumn.GENDER,
                    ContactColumn.LANGUAGE, ContactColumn.DISTRICT, ContactColumn.OCCUPATION, ContactColumn.EDUCATION, ContactColumn.SOURCE}) {
                String name = c.name().toLowerCase().replace('_', ' ');
                if (message.startsWith(name) || message.startsWith(c.name().toLowerCase())) {
                    return columns.containsKey(c) ? c : (c == ContactColumn.BIRTH_YEAR && columns.containsKey(ContactColumn.AGE) ? ContactColumn.AGE : c);
                }
            }
            return null;
        }

        private String text(Object[] cells, ContactColumn column) {
            return TabularFiles.text(cell(cells, column));
        }

        private Object cell(Object[] cells, ContactColumn column) {
            Integer index = columns.get(column);
            return index == null || index >= cells.length ? null : cells[index];
        }

        private ImportError error(long rowNumber, ContactColumn column, Object[] cells, String message) {
            Integer index = column == null ? null : columns.get(column);
            if (index == null) {
                return new ImportError(rowNumber, null, null, message);
            }
            String value = TabularFiles.text(cell(cells, column));
            if (column == ContactColumn.PHONE && value != null) {
                value = PhoneNumber.mask(value.strip()); // never a number in clear, even a wrong one
            } else if (value != null && value.length() > 200) {
                value = value.substring(0, 200) + "…";
            }
            return new ImportError(rowNumber, headers[index], value, message);
        }
    }
}
