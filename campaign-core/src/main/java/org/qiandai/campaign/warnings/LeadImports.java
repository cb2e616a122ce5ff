package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.DateUtil;
import org.qiandai.campaign.cases.ImportError;
import org.qiandai.campaign.cases.ImportLimits;
import org.qiandai.campaign.cases.ImportRefusedException;
import org.qiandai.campaign.cases.RowSink;
import org.qiandai.campaign.cases.TabularFiles;
import org.springframework.stereotype.Service;

/**
 * Imports a file of leads ({@code .xlsx}, {@code .xls}, {@code .csv}, through the case import's readers): every row is
 * checked as an API lead is; refused rows are listed with their row, column and reason (numbers masked) and the
 * others taken in, {@code qiandai.warning.max-batch} at a time. A row without a lead id gets one made from its content
 * ({@code file:<hash>}), so importing the same file again changes nothing.
 */
@Service
public class LeadImports {

    static final int HEADER_SEARCH_ROWS = 20;
    static final int MAX_ROWS = 10_000;

    private final WarningLeads leads;
    private final WarningSettings settings;
    private final ImportLimits limits;

    LeadImports(WarningLeads leads, WarningSettings settings, ImportLimits limits) {
        this.leads = leads;
        this.settings = settings;
        this.limits = limits;
    }

    /** What an import did: rows read, leads taken in (cases opened and joined, leads already known), refused rows. */
    public record Summary(String fileName, String format, long rows, long accepted, long opened, long joined, long duplicates, long rejected,
                          List<ImportError> errors, boolean errorsTruncated, List<LeadResult> results) {
    }

    public Summary importFile(Path file, String fileName, String user) {
        String format = TabularFiles.check(file, fileName, limits.maxFileSize().toBytes());
        Rows rows = new Rows(user, limits.maxErrors());
        TabularFiles.read(file, fileName, rows);
        if (rows.columns == null) {
            throw new ImportRefusedException(ImportRefusedException.Reason.UNREADABLE, "no recognisable header row in the first "
                    + HEADER_SEARCH_ROWS + " rows of any sheet: expected a phone column (手机号 / phone) and a district column (辖区 / district), "
                    + "with columns such as 线索来源 (source), 诈骗类型 (fraudType), 发现时间 (detectedAt), 年龄 (age)");
        }
        List<LeadResult> results = new ArrayList<>();
        for (int from = 0; from < rows.good.size(); from += settings.maxBatch()) {
            results.addAll(leads.receiveChecked(rows.good.subList(from, Math.min(rows.good.size(), from + settings.maxBatch()))));
        }
        long duplicates = results.stream().filter(LeadResult::duplicate).count();
        long joined = results.stream().filter(r -> !r.duplicate() && r.joined()).count();
        return new Summary(fileName, format, rows.rows, results.size(), results.size() - duplicates - joined, joined, duplicates, rows.rejected,
                rows.errors, rows.truncated, results);
    }

    /** The reading pass: finds the header, checks each row as a lead. */
    private final class Rows implements RowSink {
        private final String user;
        private final int maxErrors;
        private final List<Lead> good = new ArrayList<>();
        private final List<ImportError> errors = new ArrayList<>();
        private Map<LeadColumn, Integer> columns;
        private String[] headers;
        private boolean date1904;
        private int scanned;
        private long rows;
        private long rejected;
        private boolean truncated;

        Rows(String user, int maxErrors) {
            this.user = user;
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
                return header(cells);
            }
            if (++rows > MAX_ROWS) {
                throw new ImportRefusedException(ImportRefusedException.Reason.TOO_LARGE, "the file has more than " + MAX_ROWS + " leads; split it");
            }
            try {
                LeadDraft draft = draft(cells);
                good.add(leads.check(draft, user, LeadVia.FILE));
            } catch (LeadRejectedException e) {
                reject(rowNumber, cells, e.field(), e.reason());
            } catch (IllegalArgumentException e) {
                reject(rowNumber, cells, null, e.getMessage());
            }
            return true;
        }

        @Override
        public boolean done() {
            return columns != null;
        }

        @Override
        public void progress(double fraction) {
        }

        private boolean header(Object[] cells) {
            if (++scanned > HEADER_SEARCH_ROWS) {
                return false;
            }
            Map<LeadColumn, Integer> found = new EnumMap<>(LeadColumn.class);
            for (int i = 0; i < cells.length; i++) {
                int index = i;
                LeadColumn.forHeader(TabularFiles.text(cells[i])).ifPresent(c -> found.putIfAbsent(c, index));
            }
            if (found.containsKey(LeadColumn.PHONE) && found.containsKey(LeadColumn.DISTRICT)) {
                columns = found;
                headers = new String[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    String text = TabularFiles.text(cells[i]);
                    headers[i] = text == null ? null : text.strip();
                }
            }
            return true;
        }

        private LeadDraft draft(Object[] cells) {
            String amount = text(cells, LeadColumn.AMOUNT);
            BigDecimal amountAtRisk;
            try {
                amountAtRisk = amount == null ? null : new BigDecimal(TabularFiles.nfkc(amount).replace(",", "").replace("元", "").strip());
            } catch (NumberFormatException e) {
                throw new LeadRejectedException("amountAtRisk", "'" + amount + "' is not an amount in yuan");
            }
            Integer age;
            try {
                age = TabularFiles.age(cell(cells, LeadColumn.AGE));
            } catch (IllegalArgumentException e) {
                throw new LeadRejectedException("age", e.getMessage());
            }
            Object detected = cell(cells, LeadColumn.DETECTED_AT);
            String detectedAt = detected instanceof Double serial ? DateUtil.getLocalDateTime(serial, date1904).withNano(0).toString()
                    : TabularFiles.text(detected);
            String phone = text(cells, LeadColumn.PHONE);
            String externalId = text(cells, LeadColumn.EXTERNAL_ID);
            if (externalId == null) {
                externalId = "file:" + digest(String.join("|", String.valueOf(phone), String.valueOf(detectedAt), String.valueOf(text(cells, LeadColumn.SOURCE)),
                        String.valueOf(text(cells, LeadColumn.FRAUD_TYPE)), String.valueOf(text(cells, LeadColumn.DISTRICT))));
            }
            return new LeadDraft(externalId, phone, text(cells, LeadColumn.DISTRICT), text(cells, LeadColumn.SOURCE), text(cells, LeadColumn.FRAUD_TYPE),
                    detectedAt, age, text(cells, LeadColumn.GENDER), text(cells, LeadColumn.OCCUPATION), amountAtRisk, text(cells, LeadColumn.RELATIVE),
                    null, text(cells, LeadColumn.NOTE));
        }

        private void reject(long rowNumber, Object[] cells, String field, String reason) {
            rejected++;
            if (errors.size() >= maxErrors) {
                truncated = true;
                return;
            }
            LeadColumn column = null;
            for (LeadColumn c : LeadColumn.values()) {
                if (c.field().equals(field)) {
                    column = c;
                }
            }
            Integer index = column == null ? null : columns.get(column);
            String value = index == null ? null : TabularFiles.text(cell(cells, column));
            if ((column == LeadColumn.PHONE || column == LeadColumn.RELATIVE) && value != null) {
                value = masked(value);
            }
            errors.add(new ImportError(rowNumber, index == null ? null : headers[index], value, (field == null ? "" : field + ": ") + reason));
        }

        private String text(Object[] cells, LeadColumn column) {
            return TabularFiles.text(cell(cells, column));
        }

        private Object cell(Object[] cells, LeadColumn column) {
            Integer index = columns.get(column);
            return index == null || index >= cells.length ? null : cells[index];
        }
    }

    /** Never a number in clear, even a wrong one: the first three and last four characters, the rest hidden. */
    static String masked(String value) {
        String v = value.strip();
        return v.length() >= 8 ? v.substring(0, 3) + "****" + v.substring(v.length() - 4) : "*".repeat(Math.max(0, v.length() - 2))
                + v.substring(Math.max(0, v.length() - 2));
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
