package org.qiandai.campaign.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.CaseRecord;
import org.qiandai.campaign.cases.ImportStatus;
import org.qiandai.campaign.cases.ImportSummary;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

class DemoDataLoaderTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T17:00:00Z"), SHANGHAI); // 15 March there

    private final CaseImports imports = mock(CaseImports.class);
    private final MongoTemplate mongo = mock(MongoTemplate.class);
    private final List<CaseRecord> imported = new ArrayList<>();

    @Test
    void importsTheDemoSetAsOneBatchWhenThereAreNoCases() {
        when(mongo.exists(any(Query.class), eq("cases"))).thenReturn(false);
        when(imports.importRecords(anyString(), any(), anyString())).thenAnswer(call -> {
            Iterator<CaseRecord> records = call.getArgument(1);
            records.forEachRemaining(imported::add);
            return summary(imported.size());
        });

        loader(true, 1_200).run(new DefaultApplicationArguments());

        verify(imports).importRecords(eq("demo: Baotou synthetic cases"), any(), eq("demo"));
        assertThat(imported).hasSize(1_200)
                .isEqualTo(new DemoCaseGenerator(DemoDataLoader.SEED, LocalDate.of(2025, 3, 15)).generate(1_200));
        assertThat(imported).allSatisfy(r -> assertThat(r.reportDate()).isBeforeOrEqualTo(LocalDate.of(2025, 3, 15)));
    }

    @Test
    void leavesExistingCasesAlone() {
        when(mongo.exists(any(Query.class), eq("cases"))).thenReturn(true);

        loader(true, 12_000).run(new DefaultApplicationArguments());

        verify(imports, never()).importRecords(anyString(), any(), anyString());
    }

    @Test
    void loadsNothingWhenDisabled() {
        loader(false, 12_000).run(new DefaultApplicationArguments());

        verify(imports, never()).importRecords(anyString(), any(), anyString());
        verify(mongo, never()).exists(any(Query.class), anyString());
    }

    @Test
    void aFailedImportDoesNotStopTheApplication() {
        when(imports.importRecords(anyString(), any(), anyString())).thenThrow(new UnsupportedOperationException("not yet"));

        loader(true, 10).run(new DefaultApplicationArguments());

        verify(imports).importRecords(anyString(), any(), anyString());
    }

    private DemoDataLoader loader(boolean enabled, int cases) {
        return new DemoDataLoader(imports, mongo, CLOCK, enabled, cases);
    }

    private static ImportSummary summary(long rows) {
        Instant now = CLOCK.instant();
        return new ImportSummary("b1", "demo: Baotou synthetic cases", "generated", ImportStatus.DONE, "demo", now, now,
                rows, rows, 0, 0, 0, List.of(), List.of(), false, null, null);
    }
}
