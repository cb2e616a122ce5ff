package org.qiandai.campaign.cases;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A workbook's shared strings table kept off the heap: the strings go to a temporary file, memory-mapped for lookup,
 * and the heap holds only their offsets (8 bytes a string). Excel writes every text cell through this table, so a
 * million-row export holds a million or more distinct strings (case numbers, notes); POI's
 * {@code ReadOnlySharedStringsTable} keeps each as an object tree and would need gigabytes for them.
 */
final class XlsxSharedStrings implements Closeable {

    /** A table larger than one mapping (2 GB of text) is refused rather than read in pieces. */
    private static final long MAX_BYTES = Integer.MAX_VALUE;

    private final Path file;
    private final long[] offsets;
    private final int count;
    private final MappedByteBuffer text;
    private final FileChannel channel;

    private XlsxSharedStrings(Path file, long[] offsets, int count) throws IOException {
        this.file = file;
        this.offsets = offsets;
        this.count = count;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.text = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
    }

    /** Reads the {@code sharedStrings.xml} part; {@code null} input (a workbook without the part) gives an empty table. */
    static XlsxSharedStrings read(InputStream part) throws IOException, SAXException, ParserConfigurationException {
        Path file = Files.createTempFile("qiandai-sst-", ".txt");
        Collector collector;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            collector = new Collector(out);
            if (part != null) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(collector);
                xml.parse(new InputSource(part));
            }
        } catch (IOException | SAXException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new XlsxSharedStrings(file, collector.offsets, collector.count);
    }

    String get(int index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shared string " + index + " does not exist (the table has " + count + ")");
        }
        int start = (int) offsets[index];
        int end = (int) offsets[index + 1];
        byte[] bytes = new byte[end - start];
        text.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    int size() {
        return count;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    /** Writes each {@code <si>}'s text (its {@code <t>} runs, without phonetic {@code <rPh>} runs) and records offsets. */
    private static final class Collector extends DefaultHandler {
        private final OutputStream out;
        private final StringBuilder current = new StringBuilder();
        private long[] offsets = new long[1024];
        private int count;
        private long position;
        private boolean inText;
        private boolean inPhonetic;

        Collector(OutputStream out) {
            this.out = out;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName) {
                case "si" -> current.setLength(0);
                case "rPh" -> inPhonetic = true;
                case "t" -> inText = !inPhonetic;
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText) {
                current.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            switch (localName) {
                case "t" -> inText = false;
                case "rPh" -> inPhonetic = false;
                case "si" -> add();
                default -> {
                }
            }
        }

        private void add() throws SAXException {
            byte[] bytes = current.toString().getBytes(StandardCharsets.UTF_8);
            if (count + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[count] = position;
            position += bytes.length;
            if (position > MAX_BYTES) {
                throw new SAXException("the shared strings table holds more than 2 GB of text");
            }
            offsets[++count] = position;
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new SAXException(e);
            }
        }
    }
}
