package org.qiandai.campaign.cases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@code .csv} as Excel saves it: UTF-8 with or without a byte-order mark, or GB18030 (Chinese Excel's
 * "CSV (逗号分隔)"). The encoding is detected by decoding the whole file as strict UTF-8 first: GB18030 text is
 * almost never valid UTF-8. Comma, semicolon and tab separators are recognised from the first line.
 */
final class CsvCaseFileReader implements CaseFileReader {

    static final Charset GB18030 = Charset.forName("GB18030");

    @Override
    public void read(Path file, RowSink sink) throws IOException, ImportRefusal {
        Charset charset = detectCharset(file);
        long size = Math.max(1, Files.size(file));
        char delimiter = detectDelimiter(file, charset);
        sink.startSheet(file.getFileName().toString(), false);
        try (Reader reader = new BufferedReader(new InputStreamReader(skipBom(Files.newInputStream(file), charset), charset), 1 << 16);
             CSVParser parser = CSVFormat.EXCEL.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(false).get().parse(reader)) {
            for (CSVRecord record : parser) {
                Object[] cells = record.values();
                if (!CaseFileReader.isEmpty(cells) && !sink.row(record.getRecordNumber(), cells)) {
                    break;
                }
                if (record.getRecordNumber() % 5000 == 0) {
                    sink.progress(Math.min(1.0, (double) record.getCharacterPosition() / size));
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNREADABLE, "the CSV file cannot be read: " + XlsxCaseFileReader.rootMessage(e), e);
        }
    }

    static Charset detectCharset(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        try (InputStream stream = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 15];
            int n;
            while ((n = stream.read(chunk)) > 0) {
                in.put(chunk, 0, n).flip();
                if (utf8.decode(in, out, false).isError()) {
                    return GB18030;
                }
                in.compact();
                out.clear();
            }
            in.flip();
            if (utf8.decode(in, out, true).isError() || utf8.flush(out).isError()) {
                return GB18030;
            }
        } catch (CharacterCodingException e) {
            return GB18030;
        }
        return StandardCharsets.UTF_8;
    }

    private static InputStream skipBom(InputStream in, Charset charset) throws IOException {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return in;
        }
        java.io.PushbackInputStream pushback = new java.io.PushbackInputStream(in, 3);
        byte[] head = new byte[3];
        int n = pushback.readNBytes(head, 0, 3);
        boolean bom = n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (!bom && n > 0) {
            pushback.unread(head, 0, n);
        }
        return pushback;
    }

    private static char detectDelimiter(Path file, Charset charset) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset))) {
            String first = reader.readLine();
            if (first == null) {
                return ',';
            }
            long commas = first.chars().filter(c -> c == ',').count();
            long semicolons = first.chars().filter(c -> c == ';').count();
            long tabs = first.chars().filter(c -> c == '\t').count();
            if (tabs > commas && tabs >= semicolons) {
                return '\t';
            }
            return semicolons > commas ? ';' : ',';
        }
    }
}
