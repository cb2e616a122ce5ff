package org.qiandai.campaign.cases;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The limits of one case import, under {@code qiandai.import}.
 *
 * @param maxFileSize largest file accepted (default 50MB)
 * @param maxRows     most data rows in one file (default 2,000,000)
 * @param maxErrors   most row errors listed in a summary; the count of rejected rows is always exact (default 1000)
 * @param batchSize   rows written to the store per bulk request (default 1000)
 * @param writeConcurrency bulk requests in flight at once (default 2)
 */
@ConfigurationProperties("qiandai.import")
public record ImportLimits(DataSize maxFileSize, Long maxRows, Integer maxErrors, Integer batchSize, Integer writeConcurrency) {

    public ImportLimits {
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(50) : maxFileSize;
        maxRows = maxRows == null ? 2_000_000L : maxRows;
        maxErrors = maxErrors == null ? 1000 : maxErrors;
        batchSize = batchSize == null ? 1000 : batchSize;
        writeConcurrency = writeConcurrency == null ? 2 : writeConcurrency;
    }

    public static ImportLimits defaults() {
        return new ImportLimits(null, null, null, null, null);
    }
}
