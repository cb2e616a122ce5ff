package org.qiandai.campaign.cases;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Streams {@code .xlsx} sheets with SAX over the package's XML, with the shared strings off the heap
 * ({@link XlsxSharedStrings}), so a million-row file imports in a small heap. Values come from the cells themselves (numbers as numbers, dates as day serials), never through
 * their display format; formulas are not evaluated, their cached result is read.
 */
final class XlsxCaseFileReader implements CaseFileReader {

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    @Override
    public void read(Path file, RowSink sink) throws IOException, ImportRefusal {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            boolean date1904 = isDate1904(reader);
            try (XlsxSharedStrings strings = sharedStrings(pkg)) {
                XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
                while (sheets.hasNext() && !sink.done()) {
                    try (InputStream raw = sheets.next()) {
                        if (!sink.startSheet(sheets.getSheetName(), date1904)) {
                            continue;
                        }
                        long size = sheets.getSheetPart().getSize();
                        CountingStream in = new CountingStream(raw, size, sink);
                        parseSheet(in, strings, sink);
                    }
                }
            }
        } catch (NotOfficeXmlFileException | InvalidFormatException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                    "the file is not an .xlsx workbook (" + e.getMessage() + ")", e);
        } catch (OpenXML4JException | SAXException | ParserConfigurationException | POIXMLException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNREADABLE, "the workbook cannot be read: " + rootMessage(e), e);
        } catch (IOException | IllegalStateException e) {
            // POI reports zip bombs and oversized entries as IOExceptions while streaming.
            throw new ImportRefusal(ImportRefusedException.Reason.UNREADABLE, "the workbook cannot be read: " + rootMessage(e), e);
        } catch (CaseFileCheck.FileRefused refused) {
            throw refused;
        } catch (RuntimeException e) {
            // a package with a part missing or damaged makes POI fail in its own ways (a NullPointerException for a
            // missing workbook part, found by fuzzing): the file is refused as unreadable, not answered with a 500
            throw new ImportRefusal(ImportRefusedException.Reason.UNREADABLE, "the workbook cannot be read (a part is missing or damaged): "
                    + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static XlsxSharedStrings sharedStrings(OPCPackage pkg) throws IOException, SAXException, ParserConfigurationException {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        if (parts.isEmpty()) {
            return XlsxSharedStrings.read(null);
        }
        try (InputStream in = parts.get(0).getInputStream()) {
            return XlsxSharedStrings.read(in);
        }
    }

    private static boolean isDate1904(XSSFReader reader) throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
        boolean[] date1904 = {false};
        try (InputStream workbook = reader.getWorkbookData()) {
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
                    if ("workbookPr".equals(localName)) {
                        String value = attributes.getValue("date1904");
                        date1904[0] = "1".equals(value) || "true".equalsIgnoreCase(value);
                        throw new StopParsing();
                    }
                    if ("sheets".equals(localName)) {
                        throw new StopParsing();
                    }
                }
            });
            xml.parse(new InputSource(workbook));
        } catch (StopParsing stop) {
            // found what we needed
        }
        return date1904[0];
    }

    private static void parseSheet(InputStream in, XlsxSharedStrings strings, RowSink sink)
            throws IOException, SAXException, ParserConfigurationException {
        XMLReader xml = XMLHelper.newXMLReader();
        xml.setContentHandler(new SheetHandler(strings, sink));
        try {
            xml.parse(new InputSource(in));
        } catch (StopParsing stop) {
            // the sink has seen enough of this sheet
        }
    }

    /** Thrown from a handler to end SAX parsing early; carries no stack trace. */
    private static final class StopParsing extends SAXException {
        StopParsing() {
            super("stop");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final class SheetHandler extends DefaultHandler {
        private final XlsxSharedStrings strings;
        private final RowSink sink;
        private final List<Object> cells = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private long rowNumber;
        private int column;
        private String cellType;
        private boolean inValue;
        private boolean inInlineText;
        private boolean inPhonetic;
        private boolean cellHasValue;

        SheetHandler(XlsxSharedStrings strings, RowSink sink) {
            this.strings = strings;
            this.sink = sink;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (!uri.isEmpty() && !MAIN_NS.equals(uri)) {
                return;
            }
            switch (localName) {
                case "row" -> {
                    String r = attributes.getValue("r");
                    rowNumber = r != null ? Long.parseLong(r) : rowNumber + 1;
                    cells.clear();
                    column = -1;
                }
                case "c" -> {
                    String ref = attributes.getValue("r");
                    column = ref != null ? columnIndex(ref) : column + 1;
                    cellType = attributes.getValue("t");
                    text.setLength(0);
                    cellHasValue = false;
                }
                case "v" -> {
                    inValue = true;
                    text.setLength(0);
                }
                case "rPh" -> inPhonetic = true;
                case "t" -> inInlineText = !inPhonetic;
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inValue || inInlineText) {
                text.append(ch, start, length);
                cellHasValue = true;
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if (!uri.isEmpty() && !MAIN_NS.equals(uri)) {
                return;
            }
            switch (localName) {
                case "v" -> inValue = false;
                case "t" -> inInlineText = false;
                case "rPh" -> inPhonetic = false;
                case "c" -> {
                    if (cellHasValue) {
                        set(column, value());
                    }
                }
                case "row" -> {
                    Object[] row = cells.toArray();
                    if (!CaseFileReader.isEmpty(row) && !sink.row(rowNumber, row)) {
                        throw new StopParsing();
                    }
                }
                default -> {
                }
            }
        }

        private Object value() {
            String raw = text.toString();
            if (cellType == null || "n".equals(cellType)) {
                try {
                    return Double.parseDouble(raw.trim());
                } catch (NumberFormatException e) {
                    return raw;
                }
            }
            return switch (cellType) {
                case "s" -> strings.get(Integer.parseInt(raw.trim()));
                case "b" -> "1".equals(raw.trim()) || "true".equalsIgnoreCase(raw.trim());
                default -> raw; // inlineStr, str (a formula's text result), e (an error such as #N/A), d (ISO date text)
            };
        }

        private void set(int index, Object value) {
            while (cells.size() <= index) {
                cells.add(null);
            }
            cells.set(index, value);
        }

        static int columnIndex(String ref) {
            int index = 0;
            for (int i = 0; i < ref.length(); i++) {
                char c = ref.charAt(i);
                if (c < 'A' || c > 'Z') {
                    break;
                }
                index = index * 26 + (c - 'A' + 1);
            }
            return index - 1;
        }
    }

    /** Counts what SAX has consumed of a sheet part, to report progress against the part's size. */
    private static final class CountingStream extends FilterInputStream {
        private final long size;
        private final RowSink sink;
        private long read;
        private long reported;

        CountingStream(InputStream in, long size, RowSink sink) {
            super(in);
            this.size = size;
            this.sink = sink;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (size > 0 && read - reported > (1 << 20)) {
                reported = read;
                sink.progress(Math.min(1.0, (double) read / size));
            }
        }
    }
}
