package org.qiandai.campaign.cases;

import java.io.IOException;
import java.nio.file.Path;

/** Streams the rows of one kind of case file into a {@link RowSink}, never the whole file into memory. */
interface CaseFileReader {

    /**
     * @throws ImportRefusal when the file as a whole cannot be read (encrypted, broken, a zip bomb …)
     */
    void read(Path file, RowSink sink) throws IOException, ImportRefusal;

    /** A file-level refusal raised while reading: the message says what is wrong. */
    final class ImportRefusal extends Exception {
        private final ImportRefusedException.Reason reason;

        ImportRefusal(ImportRefusedException.Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        ImportRefusedException.Reason reason() {
            return reason;
        }
    }

    static boolean isEmpty(Object[] cells) {
        for (Object cell : cells) {
            if (cell != null && !(cell instanceof String s && s.isBlank())) {
                return false;
            }
        }
        return true;
    }
}
