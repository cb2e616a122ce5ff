package org.qiandai.campaign.demo;

import java.time.Clock;

import org.qiandai.campaign.cases.CaseImports;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.templates.Warnings;
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
 * On a demo start with no campaigns, writes a synthetic year of publicity work ({@link DemoHistory}: campaigns, pushes,
 * deliveries, partner reports, activities, opt-outs, for {@code qiandai.demo.people} generated contacts and about
 * {@code qiandai.demo.deliveries} delivery records), so that the leaders' dashboard shows something on a fresh install.
 * Only beside the demo cases: not once cases of the bureau's own were imported. {@code qiandai.demo.deliveries=0} leaves
 * it out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20) // after the demo cases
class DemoCampaignLoader implements ApplicationRunner {

    static final long SEED = 20_241_201L;
    private static final Logger log = LoggerFactory.getLogger(DemoCampaignLoader.class);

    private final MongoTemplate mongo;
    private final CaseImports imports;
    private final Segments segments;
    private final Warnings warnings;
    private final PhoneCrypto crypto;
    private final StoreDurability durability;
    private final Clock clock;
    private final boolean enabled;
    private final int people;
    private final int deliveries;

    DemoCampaignLoader(MongoTemplate mongo, CaseImports imports, Segments segments, Warnings warnings, PhoneCrypto crypto, StoreDurability durability, Clock clock,
                       @Value("${qiandai.demo.enabled:true}") boolean enabled, @Value("${qiandai.demo.people:8000}") int people,
                       @Value("${qiandai.demo.deliveries:30000}") int deliveries) {
        this.mongo = mongo;
        this.imports = imports;
        this.segments = segments;
        this.warnings = warnings;
        this.crypto = crypto;
        this.durability = durability;
        this.clock = clock;
        this.enabled = enabled;
        this.people = people;
        this.deliveries = deliveries;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || deliveries <= 0 || people <= 0) {
            return;
        }
        if (mongo.exists(new Query(), "campaigns") || mongo.exists(new Query(), "deliveries")) {
            log.debug("Campaigns exist; no demo campaigns loaded");
            return;
        }
        // only beside the demo cases: an installation with cases of its own gets no demo campaigns
        if (imports.list().stream().anyMatch(i -> !DemoDataLoader.SOURCE.equals(i.fileName()))) {
            log.debug("Cases of its own were imported; no demo campaigns loaded");
            return;
        }
        try {
            long start = System.nanoTime();
            DemoHistory.Summary s = new DemoHistory(mongo, segments, warnings, crypto, clock, SEED)
                    .write(new DemoHistory.Size(people, deliveries, Math.max(200, deliveries / 100), 8));
            durability.commit();
            log.info("Loaded a synthetic year of demo campaigns: {} campaigns, {} pushes, {} delivery records for {} generated contacts, "
                            + "{} partner reports, {} activities, {} opt-outs in {} s; start with --qiandai.demo.enabled=false for an empty store",
                    s.campaigns(), s.pushes(), s.deliveries(), s.people(), s.partnerReports(), s.activities(), s.optOuts(),
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
        } catch (RuntimeException e) {
            log.error("Demo campaigns not loaded; the store starts without them", e);
        }
    }
}
