package org.qiandai.targeting;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.qiandai.campaign.cases.CaseRecord;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * A run's assignments (every case's profile) as one gzipped CSV ({@code caseNo,profile}) in the GridFS bucket
 * {@code profile_assignments}: a million rows take a few megabytes in a handful of chunks, instead of a million documents.
 */
@Component
class AssignmentFiles {

    static final String BUCKET = "profile_assignments";
    static final String HEADER = "caseNo,profile\n";

    private final MongoTemplate mongo;

    AssignmentFiles(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private GridFSBucket bucket() {
        return GridFSBuckets.create(mongo.getDb(), BUCKET);
    }

    ObjectId write(String runId, List<CaseRecord> cases, int[] assignments) throws IOException {
        if (assignments.length != cases.size()) {
            throw new IllegalStateException("the engine assigned " + assignments.length + " of " + cases.size() + " cases");
        }
        GridFSUploadStream upload = bucket().openUploadStream(runId + ".csv.gz", new GridFSUploadOptions()
                .metadata(new Document("runId", runId).append("contentType", "text/csv").append("contentEncoding", "gzip")));
        Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(upload, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        boolean written = false;
        try {
            out.write(HEADER);
            for (int i = 0; i < assignments.length; i++) {
                out.write(csv(cases.get(i).caseNo()));
                out.write(',');
                out.write(Integer.toString(assignments[i]));
                out.write('\n');
            }
            out.flush();
            written = true;
        } finally {
            if (written) {
                out.close(); // finishes the gzip stream and the GridFS file
            } else {
                upload.abort();
            }
        }
        return upload.getObjectId();
    }

    /** Copies the CSV, uncompressed, to {@code out}. */
    void copy(ObjectId file, OutputStream out) throws IOException {
        try (InputStream in = new GZIPInputStream(bucket().openDownloadStream(file), 1 << 16)) {
            in.transferTo(out);
        }
    }

    void delete(ObjectId file) {
        bucket().delete(file);
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
