package org.qiandai.campaign.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@link CaseImports#startImport} answers {@code RUNNING} even when the import itself is quicker than the caller's
 * next read of the store: the test thread's reads of import batches are slowed down until the background is surely
 * done.
 */
@SpringBootTest(classes = {CoreTestApplication.class, CaseImportsInBackgroundTests.SlowBatchReads.class})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class CaseImportsInBackgroundTests {

    private static volatile Thread slowed;

    @Autowired
    CaseImports imports;

    @TempDir
    Path dir;

    @AfterEach
    void readAtFullSpeed() {
        slowed = null;
    }

    @Test
    void answersRunningEvenWhenTheImportIsDoneFirst() throws InterruptedException {
        Path file = CaseFiles.utf8Csv(dir.resolve("upload.csv"), List.of(List.of("案件编号", "报案日期"), List.of("G1", "2021-03-05")));
        slowed = Thread.currentThread();

        ImportSummary started = imports.startImport(file, "cases.csv", "analyst");

        slowed = null;
        assertThat(started.status()).isEqualTo(ImportStatus.RUNNING);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ImportSummary summary = imports.find(started.batchId()).orElseThrow();
        while (summary.status() == ImportStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
            summary = imports.find(started.batchId()).orElseThrow();
        }
        assertThat(summary.status()).isEqualTo(ImportStatus.DONE);
        assertThat(summary.imported()).isEqualTo(1);
        AbstractCaseImportsTests.assertDeletedSoon(file);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SlowBatchReads {

        @Bean
        MongoClientSettingsBuilderCustomizer slowBatchReads() {
            CommandListener listener = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (Thread.currentThread() == slowed && "find".equals(event.getCommandName())
                            && ImportBatches.COLLECTION.equals(event.getCommand().getString("find").getValue())) {
                        try {
                            Thread.sleep(1_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            return settings -> settings.addCommandListener(listener);
        }
    }
}
