package org.qiandai.web.analytics;

import java.time.Clock;
import java.time.LocalDate;

import org.qiandai.analytics.AnalyticsRebuild;
import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.demo.DemoHistory;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.templates.Warnings;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/** A small synthetic year for the analytics tests: campaigns, pushes, deliveries, partner reports, activities, cases; counted. */
final class DemoAnalytics {

    private DemoAnalytics() {
    }

    /** Writes it once per store (a context cached across test classes keeps it) and rebuilds the counters. */
    static synchronized void load(ApplicationContext context) {
        MongoTemplate mongo = context.getBean(MongoTemplate.class);
        if (mongo.exists(new Query(), "campaigns")) {
            return;
        }
        Clock clock = context.getBean(Clock.class);
        new DemoHistory(mongo, context.getBean(Segments.class), context.getBean(Warnings.class), context.getBean(PhoneCrypto.class), clock, 11)
                .write(new DemoHistory.Size(1500, 4000, 300, 5));
        context.getBean(CaseImports.class).importRecords("analytics-test", new DemoCaseGenerator(5, LocalDate.now(clock)).iterator(3000), "test");
        context.getBean(AnalyticsRebuild.class).rebuild();
    }
}
