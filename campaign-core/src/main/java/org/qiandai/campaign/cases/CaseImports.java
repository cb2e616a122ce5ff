package org.qiandai.campaign.cases;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Imports case files and keeps the record of every import (its batch). STUB: being implemented.
 */
@Service
public class CaseImports {

    /** Imports one file and answers when done. Throws {@link ImportRefusedException} when the file as a whole is refused. */
    public ImportSummary importFile(Path file, String fileName, String user) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts importing in the background and answers at once with the running batch; the import deletes {@code file} when done. */
    public ImportSummary startImport(Path file, String fileName, String user) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Imports records that did not come from a file (the demo generator), as one batch of format {@code generated}. */
    public ImportSummary importRecords(String sourceName, Iterator<CaseRecord> records, String user) {
        throw new UnsupportedOperationException("not yet");
    }

    public Optional<ImportSummary> find(String batchId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Past and running imports, newest first, without their error lists (ask {@link #find} for those). */
    public List<ImportSummary> list() {
        throw new UnsupportedOperationException("not yet");
    }
}
