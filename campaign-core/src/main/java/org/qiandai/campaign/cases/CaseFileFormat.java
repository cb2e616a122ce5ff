package org.qiandai.campaign.cases;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/** The file kinds a case import accepts, told by name and then checked against the file's first bytes. */
enum CaseFileFormat {
    XLSX(new XlsxCaseFileReader()),
    XLS(new XlsCaseFileReader()),
    CSV(new CsvCaseFileReader());

    private final CaseFileReader reader;

    CaseFileFormat(CaseFileReader reader) {
        this.reader = reader;
    }

    CaseFileReader reader() {
        return reader;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name claims, or a refusal naming what is accepted. */
    static CaseFileFormat byName(String fileName) throws CaseFileReader.ImportRefusal {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        if (name.endsWith(".xlsx")) {
            return XLSX;
        }
        if (name.endsWith(".xls")) {
            return XLS;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        throw new CaseFileReader.ImportRefusal(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                "'" + fileName + "' is not a case file: import .xlsx, .xls or .csv", null);
    }

    /** Refuses a file whose content is not what its name says, and encrypted workbooks, before any parsing. */
    void checkContent(Path file, String fileName) throws IOException, CaseFileReader.ImportRefusal {
        FileMagic magic;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            magic = FileMagic.valueOf(in);
        }
        switch (this) {
            case XLSX -> {
                if (magic == FileMagic.OLE2 && isEncryptedOoxml(file)) {
                    throw refuse(ImportRefusedException.Reason.UNREADABLE,
                            "'" + fileName + "' is password-protected; save it without a password and import it again");
                }
                if (magic != FileMagic.OOXML) {
                    throw refuse(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                            "'" + fileName + "' is named .xlsx but is " + describe(magic));
                }
            }
            case XLS -> {
                if (magic != FileMagic.OLE2) {
                    throw refuse(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                            "'" + fileName + "' is named .xls but is " + describe(magic));
                }
            }
            case CSV -> {
                if (magic == FileMagic.OOXML || magic == FileMagic.OLE2 || magic == FileMagic.PDF || magic == FileMagic.BIFF2
                        || magic == FileMagic.BIFF3 || magic == FileMagic.BIFF4 || magic == FileMagic.PNG || magic == FileMagic.JPEG
                        || magic == FileMagic.GIF || containsNul(file)) {
                    throw refuse(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                            "'" + fileName + "' is named .csv but is " + describe(magic));
                }
            }
        }
    }

    private static boolean isEncryptedOoxml(Path file) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            return fs.getRoot().hasEntry("EncryptionInfo");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean containsNul(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String describe(FileMagic magic) {
        return switch (magic) {
            case OOXML -> "an .xlsx (Office Open XML) file";
            case OLE2 -> "an old Office (OLE2) file such as .xls";
            case PDF -> "a PDF document";
            case PNG, JPEG, GIF, BMP, TIFF, WMF, EMF -> "an image";
            case HTML -> "an HTML page";
            case XML -> "an XML document";
            case UNKNOWN -> "not a spreadsheet (its content does not match)";
            default -> "a " + magic + " file";
        };
    }

    private static CaseFileReader.ImportRefusal refuse(ImportRefusedException.Reason reason, String message) {
        return new CaseFileReader.ImportRefusal(reason, message, null);
    }
}
