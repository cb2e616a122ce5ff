package org.qiandai.campaign.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.TemplateLockedException;
import org.qiandai.campaign.templates.TemplateView;
import org.qiandai.campaign.templates.Warnings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The campaign lifecycle against a store chosen by each subclass: transitions allowed and refused, four eyes, history,
 * races, locked warnings, activities.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@RecordApplicationEvents
abstract class AbstractCampaignsTests {

    static final LocalDate FROM = LocalDate.of(2026, 12, 1);
    static final LocalDate TO = LocalDate.of(2026, 12, 31);

    @Autowired
    Campaigns campaigns;

    @Autowired
    Activities activities;

    @Autowired
    Warnings warnings;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    ApplicationEvents events;

    TemplateView sms;

    @BeforeEach
    void clean() {
        mongo.getCollection(CampaignStore.COLLECTION).drop();
        mongo.getCollection(ActivityStore.COLLECTION).drop();
        sms = warnings.save(new TemplateDraft("冒充公检法", "SMS", "zh-CN", "{district}居民：公检法不会电话办案，请拨打{hotline}。", null), "pub");
    }

    CampaignDetails draft() {
        return campaigns.create(new CampaignDraft(" 冬季反诈宣传月 ", "降低养老诈骗", FROM, TO, List.of("青山区", "东河区", "青山区"),
                List.of(), List.of("sms-twilio"), List.of(sms.id())), "pub");
    }

    @Test
    void aCampaignGoesFromDraftToCompletedAndEveryStepIsInItsHistory() {
        CampaignDetails c = draft();
        assertThat(c.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(c.name()).isEqualTo("冬季反诈宣传月");
        assertThat(c.districts()).containsExactly("青山区", "东河区");
        campaigns.submit(c.id(), "pub");
        campaigns.approve(c.id(), "leader");
        assertThat(campaigns.markRunning(c.id(), "pushes").status()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(campaigns.markRunning(c.id(), "pushes").status()).isEqualTo(CampaignStatus.RUNNING);
        CampaignDetails done = campaigns.complete(c.id(), "pub");
        assertThat(done.status()).isEqualTo(CampaignStatus.COMPLETED);

        CampaignDetails read = campaigns.details(c.id()).orElseThrow();
        assertThat(read.history()).extracting(CampaignTransition::action)
                .containsExactly("created", "submitted", "approved", "started", "completed");
        assertThat(read.history()).extracting(CampaignTransition::by).containsExactly("pub", "pub", "leader", "pushes", "pub");
        assertThat(read.history().get(2).from()).isEqualTo(CampaignStatus.SUBMITTED);
        assertThat(read.history().get(2).to()).isEqualTo(CampaignStatus.APPROVED);
        assertThat(read.history()).allSatisfy(t -> assertThat(t.at()).isNotNull());
        assertThat(read.submittedBy()).isEqualTo("pub");
        assertThat(events.stream(CampaignEvent.class).map(e -> e.getClass().getSimpleName()))
                .containsExactly("CampaignCreated", "CampaignSubmitted", "CampaignApproved", "CampaignStarted", "CampaignCompleted");
    }

    @Test
    void theSubmitterNeverApprovesOrRejectsTheirOwnCampaign() {
        CampaignDetails c = draft();
        campaigns.submit(c.id(), "boss");
        assertThatThrownBy(() -> campaigns.approve(c.id(), "boss")).isInstanceOfSatisfying(CampaignRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(CampaignRefusedException.Reason.FORBIDDEN);
            assertThat(e.rule()).isEqualTo("not-the-submitter");
            assertThat(e.getMessage()).contains("another leader");
        });
        assertThatThrownBy(() -> campaigns.reject(c.id(), "boss", "no")).isInstanceOf(CampaignRefusedException.class);
        assertThat(campaigns.details(c.id()).orElseThrow().status()).isEqualTo(CampaignStatus.SUBMITTED);
        assertThat(campaigns.approve(c.id(), "leader").status()).isEqualTo(CampaignStatus.APPROVED);
    }

    @Test
    void rejectionNeedsAReasonAndRevisingSendsItBackToDraft() {
        CampaignDetails c = draft();
        campaigns.submit(c.id(), "pub");
        assertThatThrownBy(() -> campaigns.reject(c.id(), "leader", "  ")).isInstanceOfSatisfying(CampaignRefusedException.class,
                e -> assertThat(e.rule()).isEqualTo("reason-required"));
        CampaignDetails rejected = campaigns.reject(c.id(), "leader", "短信里缺少辖区");
        assertThat(rejected.status()).isEqualTo(CampaignStatus.REJECTED);
        assertThat(rejected.reason()).isEqualTo("短信里缺少辖区");
        assertThat(rejected.history().get(2).reason()).isEqualTo("短信里缺少辖区");
        CampaignDetails revised = campaigns.revise(c.id(), new CampaignDraft("冬季反诈宣传月", "目标", FROM, TO, List.of("青山区"),
                List.of(), List.of(), List.of()), "pub");
        assertThat(revised.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(revised.history()).extracting(CampaignTransition::action).containsExactly("created", "submitted", "rejected", "revised");
        assertThat(revised.history().get(3).from()).isEqualTo(CampaignStatus.REJECTED);
        assertThat(campaigns.submit(c.id(), "pub").status()).isEqualTo(CampaignStatus.SUBMITTED);
    }

    @Test
    void transitionsOutOfOrderAreRefusedAsConflicts() {
        CampaignDetails c = draft();
        assertConflict(() -> campaigns.approve(c.id(), "leader"));
        assertConflict(() -> campaigns.complete(c.id(), "pub"));
        assertConflict(() -> campaigns.markRunning(c.id(), "pushes"));
        campaigns.submit(c.id(), "pub");
        assertConflict(() -> campaigns.submit(c.id(), "pub"));
        assertConflict(() -> campaigns.revise(c.id(), new CampaignDraft("x", null, FROM, TO, null, null, null, null), "pub"));
        campaigns.approve(c.id(), "leader");
        assertConflict(() -> campaigns.approve(c.id(), "other"));
        assertConflict(() -> campaigns.reject(c.id(), "other", "late"));
        CampaignDetails cancelled = campaigns.cancel(c.id(), "pub", null);
        assertThat(cancelled.status()).isEqualTo(CampaignStatus.CANCELLED);
        assertConflict(() -> campaigns.cancel(c.id(), "pub", "again"));
        assertConflict(() -> campaigns.submit(c.id(), "pub"));
        assertThatThrownBy(() -> campaigns.approve("cmp-none", "leader")).isInstanceOf(CampaignNotFoundException.class);
    }

    @Test
    void badPlansAreRefusedNamingTheRule() {
        assertRule(new CampaignDraft(" ", null, FROM, TO, null, null, null, null), "name-required");
        assertRule(new CampaignDraft("n", null, null, TO, null, null, null, null), "period-required");
        assertRule(new CampaignDraft("n", null, TO, FROM, null, null, null, null), "period");
        assertRule(new CampaignDraft("n", null, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 2, 1), null, null, null, null), "period");
        assertRule(new CampaignDraft("n", null, FROM, TO, null, List.of("seg-none"), null, null), "unknown-segment");
        assertRule(new CampaignDraft("n", null, FROM, TO, null, null, List.of("fax"), null), "unknown-channel");
        assertRule(new CampaignDraft("n", null, FROM, TO, null, null, null, List.of("tpl-none")), "unknown-template");
        assertRule(new CampaignDraft("n", null, FROM, TO, null, null, List.of("partner-card"), List.of(sms.id())), "template-channel");
    }

    @Test
    void twoLeadersApprovingAtOnceMakeOneTransition() throws Exception {
        for (int round = 0; round < 5; round++) {
            CampaignDetails c = draft();
            campaigns.submit(c.id(), "pub");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String leader = "leader" + i;
                Callable<Boolean> approve = () -> {
                    start.await();
                    try {
                        campaigns.approve(c.id(), leader);
                        return true;
                    } catch (CampaignRefusedException e) {
                        assertThat(e.reason()).isEqualTo(CampaignRefusedException.Reason.CONFLICT);
                        return false;
                    }
                };
                results.add(pool.submit(approve));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
            CampaignDetails read = campaigns.details(c.id()).orElseThrow();
            assertThat(read.status()).isEqualTo(CampaignStatus.APPROVED);
            assertThat(read.history()).filteredOn(t -> t.action().equals("approved")).hasSize(1);
        }
    }

    @Test
    void aWarningOfASubmittedCampaignCannotChange() {
        CampaignDetails c = draft();
        TemplateDraft change = new TemplateDraft("冒充公检法", "SMS", "zh-CN", "改过的内容，请拨打{hotline}", null);
        assertThat(warnings.update(sms.id(), change, "pub")).isPresent();
        campaigns.submit(c.id(), "pub");
        assertThatThrownBy(() -> warnings.update(sms.id(), change, "pub")).isInstanceOf(TemplateLockedException.class)
                .hasMessageContaining(c.id());
        assertThat(warnings.find(sms.id()).orElseThrow().lockedBy()).containsExactly(c.id());
        campaigns.reject(c.id(), "leader", "改");
        assertThat(warnings.update(sms.id(), change, "pub")).isPresent();
    }

    @Test
    void listsFilterByStatusAndPeriod() {
        CampaignDetails a = draft();
        CampaignDetails b = campaigns.create(new CampaignDraft("春节", null, LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 20),
                null, null, null, null), "pub");
        campaigns.submit(b.id(), "pub");
        assertThat(campaigns.list(List.of(CampaignStatus.SUBMITTED), null, null)).extracting(CampaignDetails::id).containsExactly(b.id());
        assertThat(campaigns.list(null, LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 5))).extracting(CampaignDetails::id)
                .containsExactly(a.id());
        assertThat(campaigns.list(null, null, null)).hasSize(2);
    }

    @Test
    void activitiesAreRecordedWithinTheCampaignPeriodAndFoundByPeriodAndDistrict() {
        CampaignDetails c = draft();
        Activity radio = activities.record(c.id(), new ActivityDraft(ActivityKind.RADIO, "交通台反诈专题", "包头交通广播",
                LocalDate.of(2026, 12, 3), null, List.of("青山区", "昆都仑区"), 20000, null), "pub");
        assertThat(radio.to()).isEqualTo(radio.from());
        activities.record(c.id(), new ActivityDraft(ActivityKind.TRAINING, "职业学校讲座", "包头职业技术学院",
                LocalDate.of(2026, 12, 10), LocalDate.of(2026, 12, 12), List.of("东河区"), 300, "三场"), "pub");
        assertThat(activities.ofCampaign(c.id())).hasSize(2);
        assertThat(activities.find(LocalDate.of(2026, 12, 11), LocalDate.of(2026, 12, 20), null))
                .extracting(Activity::title).containsExactly("职业学校讲座");
        assertThat(activities.find(null, null, "昆都仑区")).extracting(Activity::title).containsExactly("交通台反诈专题");

        assertActivityRule(c.id(), new ActivityDraft(ActivityKind.POSTER, "海报", null, LocalDate.of(2027, 1, 2), null, null, 10, null),
                "outside-campaign");
        assertActivityRule(c.id(), new ActivityDraft(ActivityKind.POSTER, "海报", null, FROM, null, null, -1, null), "estimated-audience");
        assertActivityRule(c.id(), new ActivityDraft(null, "海报", null, FROM, null, null, 1, null), "kind-required");
        assertActivityRule(c.id(), new ActivityDraft(ActivityKind.BUS, " ", null, FROM, null, null, 1, null), "title-required");
        campaigns.cancel(c.id(), "pub", "经费取消");
        assertActivityRule(c.id(), new ActivityDraft(ActivityKind.BUS, "公交", null, FROM, null, null, 1, null), "status");
    }

    private void assertRule(CampaignDraft draft, String rule) {
        assertThatThrownBy(() -> campaigns.create(draft, "pub")).isInstanceOfSatisfying(CampaignRefusedException.class, e -> {
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.reason()).isEqualTo(CampaignRefusedException.Reason.INVALID);
        });
    }

    private void assertActivityRule(String campaignId, ActivityDraft draft, String rule) {
        assertThatThrownBy(() -> activities.record(campaignId, draft, "pub")).isInstanceOfSatisfying(CampaignRefusedException.class,
                e -> assertThat(e.rule()).isEqualTo(rule));
    }

    private static void assertConflict(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(CampaignRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(CampaignRefusedException.Reason.CONFLICT));
    }
}
