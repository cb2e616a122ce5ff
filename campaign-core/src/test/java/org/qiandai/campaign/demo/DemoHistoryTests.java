package org.qiandai.campaign.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.campaigns.Activities;
import org.qiandai.campaign.campaigns.Activity;
import org.qiandai.campaign.campaigns.CampaignDetails;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.contacts.DoNotContactService;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryFacts;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.partnerreports.PartnerReport;
import org.qiandai.campaign.partnerreports.PartnerReports;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.templates.Warnings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The synthetic history is written in the forms the services read: every campaign, push, delivery record, partner
 * report, activity and opt-out it writes reads back through campaign-core's own services.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = {"qiandai.pushes.scheduler.enabled=false",
        "qiandai.crypto.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
class DemoHistoryTests {

    @Autowired MongoTemplate mongo;
    @Autowired Segments segments;
    @Autowired Warnings warnings;
    @Autowired PhoneCrypto crypto;
    @Autowired Campaigns campaigns;
    @Autowired Pushes pushes;
    @Autowired Deliveries deliveries;
    @Autowired PartnerReports reports;
    @Autowired Activities activities;
    @Autowired DoNotContactService dnc;
    @Autowired java.time.Clock clock;

    @Test
    void aSyntheticYearReadsBackThroughTheServices() {
        DemoHistory.Summary s = new DemoHistory(mongo, segments, warnings, crypto, clock, 7).write(new DemoHistory.Size(2000, 6000, 300, 5));

        List<CampaignDetails> stored = campaigns.list(null, null, null);
        assertThat(stored).hasSize(s.campaigns()).allSatisfy(c -> {
            assertThat(c.name()).startsWith("【演示】");
            assertThat(c.history()).isNotEmpty();
        });
        assertThat(stored).extracting(c -> c.status().name()).contains("COMPLETED", "RUNNING");
        List<PushView> all = pushes.list(null);
        assertThat(all).hasSize(s.pushes()).allSatisfy(p -> assertThat(p.status().name()).isEqualTo("COMPLETED"));
        List<DeliveryFacts> facts = new ArrayList<>();
        deliveries.forEachFacts(500, facts::add);
        assertThat(facts).hasSize((int) s.deliveries());
        assertThat(s.deliveries()).isBetween(4000L, 8000L);
        assertThat(facts).extracting(DeliveryFacts::status).contains(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED,
                DeliveryStatus.UNDELIVERED, DeliveryStatus.SENT);
        assertThat(facts).filteredOn(f -> f.phoneHash() != null).allSatisfy(f -> assertThat(f.segmentId()).isNotNull());
        assertThat(facts.stream().filter(f -> f.phoneHash() != null).limit(20).toList())
                .allSatisfy(f -> assertThat(mongo.getCollection("contacts").find(new Document("_id", f.phoneHash())).first()).isNotNull());
        // the push counters are those of its records
        long delivered = facts.stream().filter(f -> f.status() == DeliveryStatus.DELIVERED).count();
        assertThat(all.stream().mapToLong(p -> p.counts().get(DeliveryStatus.DELIVERED)).sum()).isEqualTo(delivered);
        List<PartnerReport> partner = new ArrayList<>();
        reports.forEach(partner::add);
        assertThat(partner).hasSize((int) s.partnerReports());
        List<Activity> recorded = new ArrayList<>();
        activities.forEach(recorded::add);
        assertThat(recorded).hasSize(s.activities());
        List<String> optOuts = new ArrayList<>();
        dnc.forEachFrom(List.of("sms-reply"), e -> optOuts.add(e.phoneHash()));
        assertThat(optOuts).hasSize(s.optOuts());
        assertThat(segments.list()).anySatisfy(seg -> assertThat(seg.source()).isNotNull());
    }
}
