package org.qiandai.campaign.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.CoreTestApplication;
import org.qiandai.campaign.EmbeddedTestStore;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.deliveries.Outcome;
import org.qiandai.campaign.pushes.PlannerFakes;
import org.qiandai.campaign.pushes.StandingPushes;
import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.Warnings;
import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Warning cases on the embedded store with a clock moved by hand and the escalation worker run by hand: the warning
 * chosen from the profile and the fraud type (plays, then the built-ins, which pass the checks a saved warning passes);
 * leads for one person sent at once open one case; the join window; the ladder following the clock and the SMS's
 * status; two instances escalating one deadline change the case once.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = {"qiandai.pushes.scheduler.enabled=false",
        "qiandai.warning.escalation.enabled=false"})
@ContextConfiguration(initializers = EmbeddedTestStore.class)
@Import({PlannerFakes.class, WarningCasesTests.Profiles.class})
class WarningCasesTests {

    @Autowired WarningLeads leads;
    @Autowired WarningCases cases;
    @Autowired WarningEscalation escalation;
    @Autowired WarningStore store;
    @Autowired WarningPlaybook playbook;
    @Autowired Warnings warnings;
    @Autowired Deliveries deliveries;
    @Autowired UserAccounts users;
    @Autowired MongoTemplate mongo;
    @Autowired PlannerFakes.MutableClock clock;
    @Autowired PlannerFakes.Dnc dnc;
    @Autowired FakeProfiles profiles;
    @Autowired PhoneCrypto crypto;

    final WarningViewer desk = new WarningViewer("desk", EnumSet.of(Role.DUTY), List.of());

    /** A profile matcher the test sets. */
    static final class FakeProfiles implements ProfileMatcher {
        volatile ProfileMatch next;

        @Override
        public Optional<ProfileMatch> match(PersonTraits person) {
            return Optional.ofNullable(next);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Profiles {
        @Bean
        FakeProfiles fakeProfiles() {
            return new FakeProfiles();
        }
    }

    @BeforeEach
    void clean() {
        for (String c : List.of(WarningStore.CASES, WarningStore.LEADS, WarningStore.PEOPLE, WarningStore.OPEN, WarningStore.DUE,
                WarningPlaybook.COLLECTION, Deliveries.COLLECTION, Deliveries.PUSHES, "users")) {
            mongo.getCollection(c).deleteMany(new Document());
        }
        clock.setLocal("2026-12-01T10:00:00");
        profiles.next = null;
        dnc.hashes.clear();
        playbook.replace(List.of(), "test");
    }

    private LeadResult lead(String id, String phone, String more) {
        return leads.receive(List.of(draft(id, phone, more)), LeadVia.API, "centre").get(0);
    }

    private static LeadDraft draft(String id, String phone, String fraudType) {
        return new LeadDraft(id, phone, "东河区", "FLAGGED_CALL", fraudType, null, null, null, null, null, null, null, null);
    }

    @Test
    void theProfileAndTheFraudTypePickTheWarningAndTheBuiltInsPassTheChecks() {
        for (String key : WarningPlaybook.BUILTIN.keySet()) {
            assertThat(playbook.check(key).problems()).as(key).isEmpty();
        }
        profiles.next = new ProfileMatcher.ProfileMatch("run-1", 3, "退休人员 · 虚假养老投资 · 家中", 0.8, "虚假养老投资", 66.0);
        LeadResult senior = lead("p-1", "13900000001", null);
        CaseView c = cases.get(senior.caseId(), desk);
        assertThat(c.fraudType()).isEqualTo("虚假养老投资");
        assertThat(c.fraudTypeFromProfile()).isTrue();
        assertThat(c.profile().label()).contains("退休人员");
        assertThat(c.warning().builtin()).isEqualTo("SENIOR:zh-CN");
        assertThat(c.warning().text()).startsWith("【包头公安】").contains("老人家").contains("高息养老项目");

        String own = warnings.save(new TemplateDraft("养老骗局预警", "SMS", "zh-CN", "{district}的老人家：{sign}。有疑问拨{hotline}。", null), "pub").id();
        playbook.replace(List.of(new WarningPlaybook.Play("养老投资", "退休", own)), "pub");
        assertThat(playbook.plays()).singleElement().satisfies(p -> assertThat(p.fraudType()).isEqualTo("虚假养老投资"));
        CaseView played = cases.get(lead("p-2", "13900000002", null).caseId(), desk);
        assertThat(played.warning().templateId()).isEqualTo(own);
        assertThat(played.warning().text()).isEqualTo("【包头公安】东河区的老人家：高息养老项目、保健品投资承诺返利的都是诈骗。有疑问拨96110。");

        profiles.next = null;
        CaseView plain = cases.get(lead("p-3", "13900000003", "刷单").caseId(), desk);
        assertThat(plain.fraudType()).isEqualTo("刷单返利");
        assertThat(plain.warning().builtin()).isEqualTo("GENERAL:zh-CN");
        assertThat(plain.warning().text()).contains("网上兼职刷单");
        assertThatThrownBy(() -> playbook.replace(List.of(new WarningPlaybook.Play(null, null, "tpl-nope")), "pub"))
                .isInstanceOf(LeadRejectedException.class).hasMessageStartingWith("plays[0].templateId");
    }

    @Test
    void leadsForOnePersonSentAtOnceOpenOneCase() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LeadResult>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                return lead("same-" + n, "13900000010", "冒充客服");
            }));
        }
        start.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<LeadResult> f : results) {
            ids.add(f.get().caseId());
        }
        pool.shutdown();
        assertThat(ids).containsOnly(ids.get(0));
        CaseView c = cases.get(ids.get(0), desk);
        assertThat(c.leads()).hasSize(8);
        assertThat(c.priority()).isEqualTo(Priority.HIGH); // 2 + repeated (+4)
        assertThat(deliveries.ofPush(StandingPushes.idOf("sms-twilio"), List.of(DeliveryStatus.QUEUED), null, 100)).hasSize(1);
        assertThat(mongo.getCollection(Deliveries.PUSHES).find(new Document("_id", StandingPushes.idOf("sms-twilio"))).first()
                .get("counts", Document.class).get("QUEUED")).isEqualTo(1L);
    }

    @Test
    void aLeadPastTheJoinWindowOpensANewCase() {
        String first = lead("w-1", "13900000020", null).caseId();
        clock.set(clock.instant().plus(Duration.ofHours(23)));
        assertThat(lead("w-2", "13900000020", null).caseId()).isEqualTo(first);
        clock.set(clock.instant().plus(Duration.ofHours(25)));
        LeadResult later = lead("w-3", "13900000020", null);
        assertThat(later.caseId()).isNotEqualTo(first);
        assertThat(later.joined()).isFalse();
        assertThat(cases.get(later.caseId(), desk).factors()).extracting(PriorityFactor::factor).contains("EARLIER_CASE");
    }

    @Test
    void theLadderFollowsTheSmsAndTheClockAndFlagsWhatPassesItsDeadline() {
        users.create("dh1", "a-long-password", EnumSet.of(Role.OFFICER), List.of("东河区"));
        users.create("dh2", "a-long-password", EnumSet.of(Role.OFFICER), List.of("东河区", "青山区"));
        LeadResult r = lead("l-1", "13900000030", "冒充公检法");
        assertThat(r.firstStep()).isEqualTo(LadderStep.SMS);
        String sms = StandingPushes.idOf("sms-twilio") + ":0:" + r.caseId() + "-t0";
        assertThat(deliveries.get(sms).orElseThrow().text()).contains("公检法机关不会电话办案");
        escalation.runOnce();
        assertThat(cases.get(r.caseId(), desk).tasks()).hasSize(1);

        assertThat(deliveries.transition(sms, DeliveryStatus.SENT, Outcome.provider("SM1"))).isTrue();
        escalation.runOnce();
        CaseView c = cases.get(r.caseId(), desk);
        assertThat(c.tasks()).extracting(TaskView::step).containsExactly(LadderStep.SMS, LadderStep.CALL);
        assertThat(c.tasks().get(1).deadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(c.firstWarningAt()).isNotNull();
        String officer = c.tasks().get(1).assignee();
        assertThat(officer).isIn("dh1", "dh2");
        // the next case of the district goes to the other officer: in turn
        LeadResult other = lead("l-2", "13900000031", null);
        deliveries.transition(StandingPushes.idOf("sms-twilio") + ":0:" + other.caseId() + "-t0", DeliveryStatus.SENT, Outcome.provider("SM2"));
        escalation.runOnce();
        assertThat(cases.get(other.caseId(), desk).tasks().get(1).assignee()).isIn("dh1", "dh2").isNotEqualTo(officer);

        clock.set(clock.instant().plus(Duration.ofMinutes(9)));
        escalation.runOnce();
        assertThat(cases.get(r.caseId(), desk).breaches()).isZero();
        clock.set(clock.instant().plus(Duration.ofMinutes(2)));
        escalation.runOnce();
        c = cases.get(r.caseId(), desk);
        assertThat(c.breaches()).isEqualTo(1);
        assertThat(c.tasks()).extracting(TaskView::step).containsExactly(LadderStep.SMS, LadderStep.CALL, LadderStep.RELATIVES, LadderStep.VISIT);
        assertThat(c.tasks()).extracting(TaskView::status)
                .containsExactly(TaskStatus.DONE, TaskStatus.ESCALATED, TaskStatus.SKIPPED, TaskStatus.OPEN);
        assertThat(c.tasks().get(3).deadline()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));

        // an officer's late outcome on the escalated call closes the case
        WarningViewer viewer = new WarningViewer(officer, EnumSet.of(Role.OFFICER), List.of("东河区"));
        CaseView closed = cases.recordOutcome(r.caseId() + "-t1", "DISSUADED", null, "回电劝阻成功", viewer);
        assertThat(closed.status()).isEqualTo(CaseStatus.DISSUADED);
        assertThat(closed.tasks().get(1).late()).isTrue();
        assertThat(closed.tasks().get(3).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(store.open()).extracting(d -> d.getString("_id")).doesNotContain(r.caseId());
        assertThat(store.due(clock.instant().plus(Duration.ofDays(1)), 100).values()).doesNotContain(r.caseId());
        // a report after the case closed is on the timeline only
        deliveries.transition(sms, DeliveryStatus.DELIVERED, Outcome.NONE);
        escalation.runOnce();
        assertThat(cases.get(r.caseId(), desk).timeline()).extracting(CaseView.Event::kind).contains("SMS_DELIVERED");
        assertThat(cases.get(r.caseId(), desk).status()).isEqualTo(CaseStatus.DISSUADED);
    }

    @Test
    void twoInstancesEscalatingOneDeadlineChangeTheCaseOnce() throws Exception {
        dnc.hashes.add(hashOf("13900000040"));
        LeadResult r = lead("c-1", "13900000040", null);
        assertThat(r.firstStep()).isEqualTo(LadderStep.CALL);
        clock.set(clock.instant().plus(Duration.ofMinutes(11)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = List.of(pool.submit(escalation::runOnce), pool.submit(escalation::runOnce));
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();
        CaseView c = cases.get(r.caseId(), desk);
        assertThat(c.breaches()).isEqualTo(1);
        assertThat(c.timeline()).filteredOn(e -> e.kind().equals("DEADLINE_PASSED")).hasSize(1);
        assertThat(c.tasks()).extracting(TaskView::step).containsExactly(LadderStep.SMS, LadderStep.CALL, LadderStep.RELATIVES, LadderStep.VISIT);
        assertThat(store.open()).singleElement().satisfies(d -> assertThat(d.getList("tasks", Document.class)).singleElement()
                .satisfies(t -> assertThat(t.getString("step")).isEqualTo("VISIT")));
    }

    private String hashOf(String national) {
        return crypto.hash("+86" + national);
    }

    @Test
    void outcomesAreCheckedAndOnlyForTheAssigneeOrTheDesk() {
        dnc.hashes.add(hashOf("13900000050"));
        LeadResult r = lead("o-1", "13900000050", null);
        String task = r.caseId() + "-t1";
        WarningViewer stranger = new WarningViewer("someone", EnumSet.of(Role.OFFICER), List.of("东河区"));
        assertThatThrownBy(() -> cases.recordOutcome(task, "DISSUADED", null, null, stranger))
                .isInstanceOfSatisfying(WarningRefusedException.class, e -> assertThat(e.kind()).isEqualTo(WarningRefusedException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> cases.recordOutcome(task, "MAYBE", null, null, desk))
                .isInstanceOfSatisfying(WarningRefusedException.class, e -> assertThat(e.kind()).isEqualTo(WarningRefusedException.Kind.INVALID));
        assertThatThrownBy(() -> cases.recordOutcome(task, "TRANSFERRED", new BigDecimal("-1"), null, desk))
                .isInstanceOf(WarningRefusedException.class).hasMessageContaining("below 0");
        assertThatThrownBy(() -> cases.recordOutcome(r.caseId() + "-t0", "DISSUADED", null, null, desk))
                .isInstanceOfSatisfying(WarningRefusedException.class, e -> assertThat(e.kind()).isEqualTo(WarningRefusedException.Kind.CONFLICT));
        assertThatThrownBy(() -> cases.recordOutcome("wc-nothing-t1", "DISSUADED", null, null, desk))
                .isInstanceOfSatisfying(WarningRefusedException.class, e -> assertThat(e.kind()).isEqualTo(WarningRefusedException.Kind.NOT_FOUND));
        assertThat(cases.recordOutcome(task, "transferred", new BigDecimal("300.50"), "已转账", desk).amountLost()).isEqualByComparingTo("300.5");
    }
}
