package org.qiandai.campaign.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The case import's file handling for other imports (contacts): the same checks of size, name and content, the same
 * streaming readers for {@code .xlsx}, {@code .xls} and {@code .csv}, and the same reading of cell values. A file refused
 * as a whole throws {@link ImportRefusedException}, as it does for cases.
 */
public final class TabularFiles {

    private TabularFiles() {
    }

    /** Refuses an empty, too large or mislabelled file before anything is parsed; answers the format ({@code xlsx}, {@code xls}, {@code csv}). */
    public static String check(Path file, String fileName, long maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ImportRefusedException(ImportRefusedException.Reason.TOO_LARGE, String.format("'%s' is %.1f MB, over the limit of %.1f MB "
                        + "(qiandai.import.max-file-size)", fileName, size / 1048576.0, maxBytes / 1048576.0));
            }
            if (size == 0) {
                throw new ImportRefusedException(ImportRefusedException.Reason.UNREADABLE, "'" + fileName + "' is empty");
            }
            CaseFileFormat format = CaseFileFormat.byName(fileName);
            format.checkContent(file, fileName);
            return format.label();
        } catch (CaseFileReader.ImportRefusal refusal) {
            throw new ImportRefusedException(refusal.reason(), refusal.getMessage());
        } catch (IOException e) {
            throw new ImportRefusedException(ImportRefusedException.Reason.UNREADABLE, "'" + fileName + "' cannot be read: " + e.getMessage());
        }
    }

    /** Streams the file's rows into {@code sink}; call {@link #check} first. */
    public static void read(Path file, String fileName, RowSink sink) {
        try {
            CaseFileFormat.byName(fileName).reader().read(file, sink);
        } catch (CaseFileReader.ImportRefusal refusal) {
            throw new ImportRefusedException(refusal.reason(), refusal.getMessage());
        } catch (IOException e) {
            throw new ImportRefusedException(ImportRefusedException.Reason.UNREADABLE, "'" + fileName + "' cannot be read: " + e.getMessage());
        }
    }

    /** A header as compared: full-width forms folded, spaces, underscores, hyphens and asterisks dropped, lower case. */
    public static String normalizeHeader(String header) {
        return CaseColumn.normalize(header);
    }

    /** The cell as text ({@code null} when empty or blank); numeric cells without their ".0". */
    public static String text(Object cell) {
        return CaseValues.text(cell);
    }

    /** Full-width digits and brackets folded to ASCII. */
    public static String nfkc(String text) {
        return CaseValues.nfkc(text);
    }

    /** A categorical value trimmed, spaces collapsed; {@link IllegalArgumentException} when over 200 characters. */
    public static String category(Object cell) {
        try {
            return CaseValues.category(cell);
        } catch (CaseValues.Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** 男/女 from 男, 女, 男性, M, male …; other values as written. */
    public static String gender(Object cell) {
        try {
            return CaseValues.gender(cell);
        } catch (CaseValues.Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A date (an Excel date cell, 2021-03-05, 2021/3/5, 2021年3月5日), not before 1900 nor after {@code today}. */
    public static java.time.LocalDate date(Object cell, boolean date1904, java.time.LocalDate today) {
        try {
            return CaseValues.date(cell, date1904, today);
        } catch (CaseValues.Invalid e) {
            throw new IllegalArgumentException(e.getMessage().replace("report date", "date"));
        }
    }

    /** A whole number of years 0–120 (45, 45岁, 45.0); {@link IllegalArgumentException} otherwise. */
    public static Integer age(Object cell) {
        try {
            return CaseValues.age(cell);
        } catch (CaseValues.Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
