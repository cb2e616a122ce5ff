package org.qiandai.campaign.cases;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A temporary file of the rows that passed every check. An import reads and checks the whole file first, spooling
 * good rows here, and touches the store only when the file as a whole was readable: a broken or hostile file thus
 * leaves the store as it was, without a multi-document transaction.
 */
final class CaseSpool implements Closeable {

    private final Path file;
    private DataOutputStream out;
    private long count;

    CaseSpool() throws IOException {
        file = Files.createTempFile("qiandai-import-", ".spool");
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    void add(CaseRecord r) throws IOException {
        out.writeUTF(r.caseNo());
        out.writeLong(r.reportDate() == null ? Long.MIN_VALUE : r.reportDate().toEpochDay());
        writeText(r.district());
        out.writeShort(r.victimAge() == null ? -1 : r.victimAge());
        writeText(r.gender());
        writeText(r.occupation());
        writeText(r.education());
        writeText(r.fraudType());
        writeText(r.contactChannel());
        writeText(r.venue());
        writeText(r.loss() == null ? null : r.loss().toPlainString());
        writeText(r.note());
        count++;
    }

    long count() {
        return count;
    }

    /** Finishes writing and reads the records back in the order they were added. */
    Iterator<CaseRecord> records() throws IOException {
        out.close();
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        return new Iterator<>() {
            private long left = count;

            @Override
            public boolean hasNext() {
                if (left == 0) {
                    closeQuietly();
                }
                return left > 0;
            }

            @Override
            public CaseRecord next() {
                if (left == 0) {
                    throw new NoSuchElementException();
                }
                left--;
                try {
                    String caseNo = in.readUTF();
                    long day = in.readLong();
                    String district = readText(in);
                    short age = in.readShort();
                    CaseRecord r = new CaseRecord(caseNo, day == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(day), district,
                            age < 0 ? null : (int) age, readText(in), readText(in), readText(in), readText(in), readText(in),
                            readText(in), decimal(readText(in)), readText(in));
                    return r;
                } catch (EOFException e) {
                    throw new UncheckedIOException("import spool ended early", e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            private void closeQuietly() {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // a temporary file being read to its end
                }
            }
        };
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    private void writeText(String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
