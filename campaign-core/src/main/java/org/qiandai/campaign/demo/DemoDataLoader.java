package org.qiandai.campaign.demo;

import java.time.Clock;
import java.time.LocalDate;

import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.cases.ImportStatus;
import org.qiandai.campaign.cases.ImportSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * On a start with no cases, imports a realistic demo set from {@link DemoCaseGenerator} as one import batch, so that a
 * fresh install has something to profile and chart. {@code --qiandai.demo.enabled=false} starts empty.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // after the first admin exists
class DemoDataLoader implements ApplicationRunner {

    static final long SEED = 20_240_520L;
    static final String SOURCE = "demo: Baotou synthetic cases";
    static final String USER = "demo";
    static final String CASES_COLLECTION = "cases";

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final CaseImports imports;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final boolean enabled;
    private final int cases;

    DemoDataLoader(CaseImports imports, MongoTemplate mongo, Clock clock,
                   @Value("${qiandai.demo.enabled:true}") boolean enabled,
                   @Value("${qiandai.demo.cases:12000}") int cases) {
        this.imports = imports;
        this.mongo = mongo;
        this.clock = clock;
        this.enabled = enabled;
        this.cases = cases;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || cases <= 0) {
            log.debug("Demo data off (qiandai.demo.enabled={}, qiandai.demo.cases={})", enabled, cases);
            return;
        }
        if (mongo.exists(new Query(), CASES_COLLECTION)) {
            log.debug("Cases exist; no demo data loaded");
            return;
        }
        DemoCaseGenerator generator = new DemoCaseGenerator(SEED, LocalDate.now(clock));
        try {
            ImportSummary summary = imports.importRecords(SOURCE, generator.iterator(cases), USER);
            if (summary.status() == ImportStatus.FAILED) {
                log.error("Demo cases not loaded (import batch {}): {}", summary.batchId(), summary.failure());
                return;
            }
            log.info("Loaded {} synthetic demo cases for Baotou's nine districts, reported {} to {}, as import batch {} "
                            + "({} rejected); start with --qiandai.demo.enabled=false for an empty store",
                    summary.imported(), generator.firstDate(), generator.referenceDate(), summary.batchId(), summary.rejected());
        } catch (RuntimeException e) {
            // demo data is a convenience: the application is still usable without it
            log.error("Demo cases not loaded; the store starts without cases", e);
        }
    }
}
