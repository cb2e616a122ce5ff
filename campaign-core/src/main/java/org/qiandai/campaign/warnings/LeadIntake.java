package org.qiandai.campaign.warnings;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.bson.Document;
import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.deliveries.NewDelivery;
import org.qiandai.campaign.pushes.FrequencyCap;
import org.qiandai.campaign.pushes.PushRules;
import org.qiandai.campaign.pushes.StandingPushes;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.support.RecordIds;
import org.qiandai.campaign.templates.WarningTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns checked leads into cases, in rounds that take every lead waiting at that moment (requests arriving together
 * share one round: the store's round trips, not the leads, are what a round costs). Whoever submits when no round
 * runs does the round itself, for everyone waiting (flat combining), so no thread waits on an idle worker.
 * <p>
 * A round: the leads already answered are answered the same (same sender and {@code externalId}); each person's
 * latest case is looked up ({@code warning_people}); a lead within {@code join-window} of the person's previous lead
 * joins that case while it is open, else opens a new one — triaged, matched to a profile, given its warning, and
 * started on the ladder: the SMS queued on the channel's standing push (exempt from quiet hours and caps, recorded
 * so), or straight to a call when the number is on the do-not-contact list or no mobile. Writes: people first
 * (conditional on what was read, so that two instances never open two cases for one person), the cases and their
 * projections, the SMS, the answers; then a commit, and only then are the leads answered.
 */
@Component
class LeadIntake {

    private static final Logger log = LoggerFactory.getLogger(LeadIntake.class);
    private static final int ROUND = 1000;
    private static final int ATTEMPTS = 5;

    private final WarningStore store;
    private final WarningSettings settings;
    private final WarningPlaybook playbook;
    private final Officers officers;
    private final StandingPushes standing;
    private final Deliveries deliveries;
    private final PushRules rules;
    private final ObjectProvider<DoNotContactList> dnc;
    private final ObjectProvider<ProfileMatcher> profiles;
    private final StoreDurability durability;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock round = new ReentrantLock();

    LeadIntake(WarningStore store, WarningSettings settings, WarningPlaybook playbook, Officers officers, StandingPushes standing,
               Deliveries deliveries, PushRules rules, ObjectProvider<DoNotContactList> dnc, ObjectProvider<ProfileMatcher> profiles,
               StoreDurability durability, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.playbook = playbook;
        this.officers = officers;
        this.standing = standing;
        this.deliveries = deliveries;
        this.rules = rules;
        this.dnc = dnc;
        this.profiles = profiles;
        this.durability = durability;
        this.clock = clock;
    }

    private record Pending(List<Lead> leads, CompletableFuture<List<LeadResult>> done) {
    }

    /** Answers each lead, in order, once it is stored and its first step taken (committed). */
    List<LeadResult> receive(List<Lead> leads) {
        Pending mine = new Pending(leads, new CompletableFuture<>());
        waiting.add(mine);
        while (!mine.done().isDone()) {
            if (round.tryLock()) {
                try {
                    while (!mine.done().isDone()) {
                        runRound();
                    }
                } finally {
                    round.unlock();
                }
            } else {
                try {
                    mine.done().get(5, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // the round under way may not hold these leads: try to run the next one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the leads were being stored", e);
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        try {
            return mine.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void runRound() {
        List<Pending> batch = new ArrayList<>();
        int size = 0;
        for (Pending p; size < ROUND && (p = waiting.poll()) != null; ) {
            batch.add(p);
            size += p.leads().size();
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<Lead> all = new ArrayList<>(size);
            batch.forEach(p -> all.addAll(p.leads()));
            Map<String, LeadResult> results = process(all);
            for (Pending p : batch) {
                p.done().complete(p.leads().stream().map(l -> results.get(l.key())).toList());
            }
        } catch (RuntimeException e) {
            log.warn("Storing {} leads failed: {}", size, e.toString());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** One round: every lead's answer by its key. */
    private Map<String, LeadResult> process(List<Lead> all) {
        Instant now = clock.instant();
        Map<String, LeadResult> results = new HashMap<>();
        Map<String, Document> answered = store.leads(all.stream().map(Lead::key).toList());
        Map<String, Lead> fresh = new LinkedHashMap<>();
        for (Lead lead : all) {
            Document a = answered.get(lead.key());
            if (a != null) {
                results.put(lead.key(), answer(a).asDuplicate());
            } else {
                fresh.putIfAbsent(lead.key(), lead); // the same lead twice in one round: the first counts
            }
        }
        List<Lead> todo = new ArrayList<>(fresh.values());
        WarningCase.Crew crew = officers.crew();
        Map<String, Optional<WarningTemplate>> templates = new HashMap<>();
        List<Document> answers = new ArrayList<>();
        for (int attempt = 1; !todo.isEmpty(); attempt++) {
            if (attempt > ATTEMPTS) {
                throw new IllegalStateException("the cases of " + todo.size() + " leads kept changing under this instance; try again");
            }
            todo = attempt(todo, now, crew, templates, results, answers);
        }
        store.recordLeads(answers);
        durability.commit();
        return results;
    }

    /** Tries the leads once; answers those to try again (someone else changed their person or case meanwhile). */
    private List<Lead> attempt(List<Lead> leads, Instant now, WarningCase.Crew crew, Map<String, Optional<WarningTemplate>> templates,
                               Map<String, LeadResult> results, List<Document> answers) {
        Map<String, List<Lead>> byPerson = new LinkedHashMap<>();
        leads.forEach(l -> byPerson.computeIfAbsent(l.phoneHash(), k -> new ArrayList<>()).add(l));
        Map<String, Document> people = store.people(byPerson.keySet());
        Set<String> joinable = new HashSet<>();
        people.forEach((hash, p) -> {
            java.util.Date last = p.getDate("lastLeadAt");
            if (p.getString("caseId") != null && last != null && !last.toInstant().plus(settings.joinWindow()).isBefore(now)) {
                joinable.add(p.getString("caseId"));
            }
        });
        Map<String, WarningCase> existing = store.cases(joinable);
        Map<String, WarningCase> before = new HashMap<>();
        existing.forEach((id, c) -> before.put(id, CaseDocuments.warningCase(CaseDocuments.document(c))));
        Set<String> newHashes = new HashSet<>(byPerson.keySet());
        existing.values().stream().filter(c -> c.status == CaseStatus.OPEN).forEach(c -> newHashes.remove(c.phoneHash));
        DoNotContactList list = dnc.getIfAvailable();
        Set<String> blocked = list == null ? Set.of() : list.containingHashes(newHashes);
        FrequencyCap cap = rules.frequencyCap(settings.channel());
        Map<String, Integer> sends = deliveries.sendsSince(newHashes, now.minus(cap.window()));
        boolean quiet = rules.quietHours(settings.channel()).contains(now.atZone(rules.zone()).toLocalTime());

        Map<String, WarningCase> touched = new LinkedHashMap<>();
        List<WarningStore.PersonUpdate> pointers = new ArrayList<>();
        for (Map.Entry<String, List<Lead>> person : byPerson.entrySet()) {
            String hash = person.getKey();
            Document p = people.get(hash);
            String pointedAt = p == null ? null : p.getString("caseId");
            int priorCases = p == null ? 0 : p.getInteger("cases", 0);
            WarningCase c = pointedAt == null ? null : existing.get(pointedAt);
            boolean isNew = false;
            if (c == null || c.status != CaseStatus.OPEN) {
                c = open(person.getValue().get(0), priorCases > 0, blocked.contains(hash), quiet, sends.getOrDefault(hash, 0) >= cap.max(), cap,
                        now, crew, templates);
                isNew = true;
            }
            for (Lead lead : person.getValue()) {
                c.join(lead, priorCases > (isNew ? 0 : 1), now);
            }
            touched.put(c.id, c);
            pointers.add(new WarningStore.PersonUpdate(hash, pointedAt, c.id, now, isNew));
        }
        Set<String> lostPeople = store.pointPeople(pointers);
        List<Lead> again = new ArrayList<>();
        for (WarningStore.PersonUpdate u : pointers) {
            if (lostPeople.contains(u.hash())) {
                touched.remove(u.caseId());
                again.addAll(byPerson.get(u.hash()));
            }
        }
        Set<String> conflicts = store.save(new ArrayList<>(touched.values()), before);
        for (String id : conflicts) {
            WarningCase c = touched.remove(id);
            again.addAll(byPerson.get(c.phoneHash));
        }
        queueSms(touched.values());
        for (WarningCase c : touched.values()) {
            for (Lead lead : byPerson.get(c.phoneHash)) {
                boolean joined = !c.leads.get(0).key().equals(lead.key());
                WarningCase.Step current = c.current();
                LeadResult r = new LeadResult(lead.externalId(), c.id, c.priority,
                        joined ? (current == null ? c.firstStep() : current.step) : c.firstStep(), joined, false);
                results.put(lead.key(), r);
                answers.add(new Document("_id", lead.key()).append("externalId", lead.externalId()).append("sender", lead.sender())
                        .append("via", lead.via().name()).append("caseId", c.id).append("priority", r.priority().name())
                        .append("firstStep", r.firstStep() == null ? null : r.firstStep().name()).append("joined", joined)
                        .append("receivedAt", java.util.Date.from(lead.receivedAt())));
            }
        }
        return again;
    }

    private WarningCase open(Lead lead, boolean earlier, boolean onDnc, boolean quiet, boolean capped, FrequencyCap cap, Instant now,
                             WarningCase.Crew crew, Map<String, Optional<WarningTemplate>> templates) {
        ProfileMatcher matcher = profiles.getIfAvailable();
        ProfileMatcher.ProfileMatch profile = null;
        if (matcher != null) {
            try {
                profile = matcher.match(new ProfileMatcher.PersonTraits(lead.age(), lead.gender(), lead.occupation(), lead.fraudType(),
                        lead.district())).orElse(null);
            } catch (RuntimeException e) {
                log.warn("Profile scoring failed for a lead; using the fraud type's warning: {}", e.toString());
            }
        }
        WarningPlaybook.Choice choice = playbook.choose(lead.fraudType(), profile, lead.age(), lead.occupation(), lead.language(),
                lead.district(), settings.channel(), templates);
        Triage.Result triage = Triage.score(choice.fraudType(), lead.amountAtRisk(), lead.age(), lead.source(), 1, earlier);
        String id = RecordIds.next("wc", now);
        WarningCase c = WarningCase.open(id, lead, triage, profile, choice, settings, onDnc ? "DO_NOT_CONTACT" : null, now, crew);
        WarningCase.Step sms = c.pendingSms();
        if (sms != null && quiet) {
            c.log(now, "SMS_EXEMPT", sms.step, sms.index, null, "QUIET_HOURS", null);
        }
        if (sms != null && capped) {
            c.log(now, "SMS_EXEMPT", sms.step, sms.index, null, "FREQUENCY_CAP", cap.toString());
        }
        return c;
    }

    /** The SMS of each case waiting for one, on the channel's standing push (written again harmlessly after a retry). */
    private void queueSms(java.util.Collection<WarningCase> cases) {
        List<NewDelivery> batch = new ArrayList<>();
        for (WarningCase c : cases) {
            WarningCase.Step sms = c.pendingSms();
            if (sms != null) {
                batch.add(delivery(c, sms));
            }
        }
        if (!batch.isEmpty()) {
            standing.queue(settings.channel(), batch);
        }
    }

    static NewDelivery delivery(WarningCase c, WarningCase.Step sms) {
        String pushId = StandingPushes.idOf(c.channel);
        return new NewDelivery(sms.deliveryId, pushId, 0, StandingPushes.CAMPAIGN, c.channel, c.templateId != null ? c.templateId : "builtin:" + c.builtin,
                WarningCase.taskId(c.id, sms.index), c.phoneHash, c.encryptedPhone, c.language, c.district, c.text);
    }

    static LeadResult answer(Document a) {
        String step = a.getString("firstStep");
        return new LeadResult(a.getString("externalId"), a.getString("caseId"), Priority.valueOf(a.getString("priority")),
                step == null ? null : LadderStep.valueOf(step), a.getBoolean("joined", false), false);
    }
}
