package org.qiandai.channels.partners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.qiandai.campaign.campaigns.CampaignDraft;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.partnerreports.PartnerReportReceived;
import org.qiandai.campaign.partnerreports.PartnerReports;
import org.qiandai.campaign.pushes.PushRequest;
import org.qiandai.campaign.pushes.PushScheduler;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.segments.SegmentDraft;
import org.qiandai.campaign.segments.SegmentField;
import org.qiandai.campaign.segments.SegmentInterest;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.Warnings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with two partners configured against a {@link StandInPartner} on 127.0.0.1: {@code didi}
 * (ride-hailing, a {@code whsec_} secret, 3 attempts 100 ms apart, a 700 ms timeout) and {@code meituan}
 * (food-delivery, a raw secret). The push scheduler and the partner threads are off: tests run their rounds. Subclasses
 * share this one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "qiandai.store.in-memory=true", "qiandai.demo.enabled=false",
        "qiandai.pushes.scheduler.enabled=false", "qiandai.channels.partner-dispatch.enabled=false",
        "qiandai.channels.partners.didi.kind=ride-hailing",
        "qiandai.channels.partners.didi.secret=" + PartnerTestSupport.DIDI_SECRET,
        "qiandai.channels.partners.didi.rate=0",
        "qiandai.channels.partners.didi.retry-delay=100ms",
        "qiandai.channels.partners.didi.max-retry-delay=300ms",
        "qiandai.channels.partners.didi.timeout=700ms",
        "qiandai.channels.partners.didi.connect-timeout=700ms",
        "qiandai.channels.partners.didi.max-attempts=3",
        "qiandai.channels.partners.meituan.kind=food-delivery",
        "qiandai.channels.partners.meituan.secret=" + PartnerTestSupport.MEITUAN_SECRET,
        "qiandai.channels.partners.meituan.rate=0",
        "qiandai.public-base-url=https://qiandai.example"})
@Import(PartnerTestSupport.ReportEvents.class)
abstract class PartnerTestSupport {

    /** Every {@link PartnerReportReceived} published, on any thread (receipts arrive on the server's threads). */
    static class ReportEvents {
        final List<PartnerReportReceived> received = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PartnerReportReceived event) {
            received.add(event);
        }
    }

    static final String DIDI_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final byte[] DIDI_KEY = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final String MEITUAN_SECRET = "meituan-raw-secret-0123456789";
    static final byte[] MEITUAN_KEY = MEITUAN_SECRET.getBytes(StandardCharsets.UTF_8);

    static final StandInPartner PARTNER;

    static {
        try {
            PARTNER = new StandInPartner(Map.of("didi", DIDI_KEY, "meituan", MEITUAN_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(PARTNER::close, "stand-in-partner-close"));
    }

    @DynamicPropertySource
    static void partnerUrls(DynamicPropertyRegistry registry) {
        registry.add("qiandai.channels.partners.didi.url", () -> PARTNER.url("didi"));
        registry.add("qiandai.channels.partners.meituan.url", () -> PARTNER.url("meituan"));
    }

    @LocalServerPort int port;
    @Autowired MongoTemplate mongo;
    @Autowired Segments segments;
    @Autowired Warnings warnings;
    @Autowired Campaigns campaigns;
    @Autowired Pushes pushes;
    @Autowired PushScheduler scheduler;
    @Autowired Deliveries deliveries;
    @Autowired PartnerDispatcher dispatcher;
    @Autowired PartnerReports reports;
    @Autowired ReportEvents reportEvents;

    @BeforeEach
    void cleanStore() {
        for (String c : List.of(Deliveries.COLLECTION, Deliveries.PUSHES, PartnerWebhookStore.COLLECTION, PartnerReports.RECEIPTS,
                PartnerReports.REPORTS)) {
            mongo.getCollection(c).deleteMany(new Document());
        }
        PARTNER.reset();
        reportEvents.received.clear();
    }

    String segment() {
        return segments.save(new SegmentDraft("东河区老年居民", null,
                SegmentRule.all(List.of(SegmentRule.in(SegmentField.DISTRICT, List.of("东河区")), SegmentRule.ageBetween(60, null))),
                new SegmentInterest(List.of("冒充客服退款"), List.of(), List.of("网约车")), null), "analyst").id();
    }

    String template(String channel) {
        return warnings.save(new TemplateDraft("出行安全提醒", channel, "zh-CN", "{district}的乘客：客服不会要求您转账，疑似诈骗请拨打{hotline}。", null),
                "publicity").id();
    }

    /** An APPROVED campaign over today and the next 30 days in 东河区 and 青山区, through {@code channel}. */
    String approvedCampaign(String channel, String segmentId, String templateId) {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        String id = campaigns.create(new CampaignDraft("出行防骗", null, today, today.plusDays(30), List.of("东河区", "青山区"), List.of(segmentId),
                List.of(channel), List.of(templateId)), "publicity").id();
        campaigns.submit(id, "publicity");
        campaigns.approve(id, "leader");
        return id;
    }

    /** A push to the partner, created now and queued (its one broadcast record). */
    String queuedPush(String partner) {
        String segmentId = segment();
        String templateId = template("partner-card".equals(partner) ? "partner-card" : "didi".equals(partner) ? "ride-hailing" : "food-delivery");
        String campaignId = approvedCampaign(partner, segmentId, templateId);
        String pushId = pushes.create(campaignId, new PushRequest(partner, templateId, List.of(segmentId), null), "publicity").id();
        scheduler.runDue();
        return pushId;
    }
}
