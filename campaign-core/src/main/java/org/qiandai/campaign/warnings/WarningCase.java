package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.users.Role;

/**
 * One person at risk and everything done for them: the leads that came in, the triage, the warning chosen, the ladder's
 * steps as tasks, and the timeline. Changes only through its intention-revealing methods, which record what they did
 * on the timeline; each answers whether anything changed. A task is a step of the ladder once opened
 * ({@code <caseId>-t<index>}); steps open one after another: when the previous one is done without dissuading, fails,
 * or its deadline passes.
 */
final class WarningCase {

    /** Picks the officer for a task of a district: the {@code role}'s user serving it in turn; null when none does. */
    interface Crew {
        String assignee(String district, Role role);
    }

    /** A lead as the case keeps it (no numbers: the case holds the person's). */
    record CaseLead(String key, String externalId, String sender, LeadVia via, LeadSource source, Instant detectedAt, Instant receivedAt,
                    BigDecimal amountAtRisk, String note) {
    }

    /**
     * What happened, oldest first: {@code kind} (LEAD_RECEIVED, LEAD_JOINED, PRIORITY_CHANGED, SMS_QUEUED, SMS_SENT,
     * SMS_DELIVERED, SMS_FAILED, STEP_SKIPPED, TASK_OPENED, TASK_ASSIGNED, PHONE_REVEALED, OUTCOME, DEADLINE_PASSED,
     * CLOSED), the task it concerns, who, a {@code detail} code or value (an outcome, a reason, a user, a priority)
     * and a free-text note.
     */
    record Entry(Instant at, String kind, LadderStep step, Integer task, String by, String detail, String note) {
    }

    /** One step of the ladder once opened: a task. */
    static final class Step {
        final int index;
        final LadderStep step;
        TaskStatus status;
        final Instant openedAt;
        final Instant deadline;
        final Role role;
        String assignee;
        final String deliveryId;
        /** A {@link TaskOutcome} name, or for SMS the delivery status that ended it, or why it was skipped. */
        String outcome;
        String note;
        BigDecimal amount;
        String by;
        Instant closedAt;
        boolean breached;
        boolean late;

        Step(int index, LadderStep step, TaskStatus status, Instant openedAt, Instant deadline, Role role, String assignee, String deliveryId) {
            this.index = index;
            this.step = step;
            this.status = status;
            this.openedAt = openedAt;
            this.deadline = deadline;
            this.role = role;
            this.assignee = assignee;
            this.deliveryId = deliveryId;
        }
    }

    final String id;
    int version;
    CaseStatus status = CaseStatus.OPEN;
    final String phoneHash;
    final String encryptedPhone;
    final String maskedPhone;
    final boolean mobile;
    String encryptedRelative;
    String maskedRelative;
    Integer age;
    String gender;
    String occupation;
    final String language;
    final String district;
    String fraudType;
    boolean fraudTypeFromProfile;
    Priority priority;
    int score;
    List<PriorityFactor> factors = List.of();
    BigDecimal amountAtRisk;
    BigDecimal amountLost;
    ProfileMatcher.ProfileMatch profile;
    String templateId;
    String builtin;
    String text;
    final String channel;
    final List<LadderStep> ladder;
    final Map<LadderStep, java.time.Duration> sla;
    final Map<LadderStep, Role> roles;
    final List<CaseLead> leads = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final List<Entry> timeline = new ArrayList<>();
    Instant openedAt;
    Instant detectedAt;
    Instant firstWarningAt;
    Instant firstContactAt;
    Instant closedAt;
    int breaches;

    WarningCase(String id, String phoneHash, String encryptedPhone, String maskedPhone, boolean mobile, String language, String district,
                String channel, List<LadderStep> ladder, Map<LadderStep, java.time.Duration> sla, Map<LadderStep, Role> roles) {
        this.id = id;
        this.phoneHash = phoneHash;
        this.encryptedPhone = encryptedPhone;
        this.maskedPhone = maskedPhone;
        this.mobile = mobile;
        this.language = language;
        this.district = district;
        this.channel = channel;
        this.ladder = List.copyOf(ladder);
        this.sla = Map.copyOf(sla);
        this.roles = Map.copyOf(roles);
    }

    static String taskId(String caseId, int index) {
        return caseId + "-t" + index;
    }

    /** The case id of a task id, or null when it is not one. */
    static String caseOf(String taskId) {
        int i = taskId == null ? -1 : taskId.lastIndexOf("-t");
        return i <= 0 ? null : taskId.substring(0, i);
    }

    /** The task index of a task id, or -1 when it is not one. */
    static int indexOf(String taskId) {
        int i = taskId == null ? -1 : taskId.lastIndexOf("-t");
        try {
            return i <= 0 ? -1 : Integer.parseInt(taskId.substring(i + 2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A new case from its first lead, triaged and with its warning chosen; the ladder starts at once: an SMS unless
     * {@code smsBlocked} says why not (DO_NOT_CONTACT, NOT_MOBILE), in which case it goes straight to the next step.
     */
    static WarningCase open(String id, Lead lead, Triage.Result triage, ProfileMatcher.ProfileMatch profile, WarningPlaybook.Choice choice,
                            WarningSettings settings, String smsBlocked, Instant now, Crew crew) {
        WarningCase c = new WarningCase(id, lead.phoneHash(), lead.encryptedPhone(), lead.maskedPhone(), lead.mobile(), lead.language(),
                lead.district(), settings.channel(), settings.ladder(), settings.sla(), settings.roles());
        c.encryptedRelative = lead.encryptedRelative();
        c.maskedRelative = lead.maskedRelative();
        c.age = lead.age();
        c.gender = lead.gender();
        c.occupation = lead.occupation();
        c.fraudType = choice.fraudType();
        c.fraudTypeFromProfile = choice.fraudTypeFromProfile();
        c.amountAtRisk = lead.amountAtRisk();
        c.profile = profile;
        c.templateId = choice.templateId();
        c.builtin = choice.builtin();
        c.text = choice.text();
        c.openedAt = lead.receivedAt();
        c.detectedAt = lead.detectedAt();
        c.leads.add(caseLead(lead));
        c.priority = triage.priority();
        c.score = triage.score();
        c.factors = triage.factors();
        c.log(now, "LEAD_RECEIVED", null, null, lead.sender(), lead.source().name(), lead.note());
        c.log(now, "PRIORITY_CHANGED", null, null, null, triage.priority().name(), null);
        c.openFrom(c.ladder.get(0), now, crew, smsBlocked);
        return c;
    }

    private static CaseLead caseLead(Lead lead) {
        return new CaseLead(lead.key(), lead.externalId(), lead.sender(), lead.via(), lead.source(), lead.detectedAt(), lead.receivedAt(),
                lead.amountAtRisk(), lead.note());
    }

    /** Whether this lead is on the case already (a request sent again after a failure half-way). */
    boolean hasLead(String key) {
        return leads.stream().anyMatch(l -> l.key().equals(key));
    }

    /** A further lead for the same person: kept, what it adds is taken (amount, age, relative), priority scored again. */
    boolean join(Lead lead, boolean earlierCase, Instant now) {
        if (hasLead(lead.key())) {
            return false;
        }
        leads.add(caseLead(lead));
        if (lead.amountAtRisk() != null && (amountAtRisk == null || lead.amountAtRisk().compareTo(amountAtRisk) > 0)) {
            amountAtRisk = lead.amountAtRisk();
        }
        if (age == null) {
            age = lead.age();
        }
        if (gender == null) {
            gender = lead.gender();
        }
        if (occupation == null) {
            occupation = lead.occupation();
        }
        if (fraudType == null && lead.fraudType() != null) {
            fraudType = lead.fraudType();
        }
        if (encryptedRelative == null && lead.encryptedRelative() != null) {
            encryptedRelative = lead.encryptedRelative();
            maskedRelative = lead.maskedRelative();
        }
        log(now, "LEAD_JOINED", null, null, lead.sender(), lead.source().name(), lead.note());
        retriage(earlierCase, now);
        return true;
    }

    /** Scores the case again from all its leads; records a change of priority. */
    void retriage(boolean earlierCase, Instant now) {
        LeadSource strongest = LeadSource.OTHER;
        for (CaseLead l : leads) {
            if (l.source() == LeadSource.BANK_ALERT || l.source() == LeadSource.FAMILY_REPORT && strongest != LeadSource.BANK_ALERT) {
                strongest = l.source();
            }
        }
        Triage.Result result = Triage.score(fraudType, amountAtRisk, age, strongest, leads.size(), earlierCase);
        score = result.score();
        factors = result.factors();
        if (result.priority() != priority) {
            priority = result.priority();
            log(now, "PRIORITY_CHANGED", null, null, null, priority.name(), null);
        }
    }

    /** The task being worked on: the latest OPEN one (null once the case is closed). */
    Step current() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).status == TaskStatus.OPEN) {
                return steps.get(i);
            }
        }
        return null;
    }

    Step step(int index) {
        return index >= 0 && index < steps.size() ? steps.get(index) : null;
    }

    /** The SMS step waiting for its message to leave, if any. */
    Step pendingSms() {
        Step c = current();
        return c != null && c.step == LadderStep.SMS ? c : null;
    }

    /**
     * The warning SMS's delivery reached {@code status} (at {@code at}): sent or delivered ends the SMS step and opens
     * the next; a failure (failed, undelivered, expired, opted out, cancelled, unknown) escalates at once. Reports that
     * come after the step ended are recorded on the timeline only.
     */
    boolean smsSettled(int task, DeliveryStatus status, Instant at, Instant now, Crew crew) {
        Step s = step(task);
        if (s == null || s.step != LadderStep.SMS || status == DeliveryStatus.QUEUED || status == DeliveryStatus.SENDING) {
            return false;
        }
        boolean left = status == DeliveryStatus.SENT || status == DeliveryStatus.DELIVERED;
        boolean changed = false;
        if (left && firstWarningAt == null) {
            firstWarningAt = at;
            changed = true;
        }
        String kind = left ? (status == DeliveryStatus.DELIVERED ? "SMS_DELIVERED" : "SMS_SENT") : "SMS_FAILED";
        if (s.status != TaskStatus.OPEN) {
            if (timeline.stream().anyMatch(e -> e.kind().equals(kind) && Integer.valueOf(task).equals(e.task()))) {
                return changed;
            }
            log(at, kind, s.step, task, null, status.name(), null);
            return true;
        }
        s.outcome = status.name();
        s.closedAt = at;
        s.status = left ? TaskStatus.DONE : TaskStatus.ESCALATED;
        log(at, kind, s.step, task, null, status.name(), null);
        openAfter(s.step, now, crew);
        return true;
    }

    /**
     * The task's deadline passed without an outcome: it is flagged (a breach), and unless it is the ladder's last step
     * the next step opens and takes over. The last step stays open, overdue, for the desk to see.
     */
    boolean deadlinePassed(int task, Instant now, Crew crew) {
        Step s = step(task);
        if (status != CaseStatus.OPEN || s == null || s.status != TaskStatus.OPEN || s.breached || s.deadline.isAfter(now)) {
            return false;
        }
        s.breached = true;
        breaches++;
        log(now, "DEADLINE_PASSED", s.step, task, s.assignee, s.deadline.toString(), null);
        if (nextAfter(s.step) != null) {
            s.status = TaskStatus.ESCALATED;
            s.closedAt = now;
            openAfter(s.step, now, crew);
        }
        return true;
    }

    /**
     * An officer's outcome for a call or visit. DISSUADED closes the case DISSUADED; TRANSFERRED (with the amount) closes
     * it LOST; the others let the next step follow (LOST when none is left). An outcome for a task that had already
     * been escalated is recorded as late; it closes the case when it dissuaded or found the money gone.
     */
    void recordOutcome(int task, TaskOutcome outcome, BigDecimal amount, String note, String by, Instant now, Crew crew) {
        Step s = step(task);
        if (s == null) {
            throw new WarningRefusedException(WarningRefusedException.Kind.NOT_FOUND, "no task " + taskId(id, task));
        }
        if (status != CaseStatus.OPEN) {
            throw new WarningRefusedException(WarningRefusedException.Kind.CONFLICT, "case " + id + " is closed (" + status + ")");
        }
        if (!s.step.human()) {
            throw new WarningRefusedException(WarningRefusedException.Kind.CONFLICT, "task " + taskId(id, task)
                    + " is the SMS step, whose outcome is the message's own");
        }
        if (s.status != TaskStatus.OPEN && s.status != TaskStatus.ESCALATED || s.outcome != null) {
            throw new WarningRefusedException(WarningRefusedException.Kind.CONFLICT, "task " + taskId(id, task) + " is " + s.status
                    + (s.outcome == null ? "" : " with outcome " + s.outcome));
        }
        if (outcome == TaskOutcome.TRANSFERRED && amount == null) {
            throw new WarningRefusedException(WarningRefusedException.Kind.INVALID, "amount: how much was transferred is required with TRANSFERRED");
        }
        boolean wasCurrent = s.status == TaskStatus.OPEN;
        s.outcome = outcome.name();
        s.note = note;
        s.amount = amount;
        s.by = by;
        s.closedAt = now;
        s.late = !wasCurrent;
        if (wasCurrent) {
            s.status = TaskStatus.DONE;
        }
        log(now, "OUTCOME", s.step, task, by, outcome.name() + (amount == null ? "" : " " + amount.stripTrailingZeros().toPlainString()), note);
        if (outcome.reached() && firstContactAt == null) {
            firstContactAt = now;
        }
        switch (outcome) {
            case DISSUADED -> close(CaseStatus.DISSUADED, now, by);
            case TRANSFERRED -> {
                amountLost = (amountLost == null ? BigDecimal.ZERO : amountLost).add(amount);
                close(CaseStatus.LOST, now, by);
            }
            default -> {
                if (wasCurrent) {
                    openAfter(s.step, now, crew);
                }
            }
        }
    }

    /** Gives an open task to another user (the duty desk's decision). */
    void assign(int task, String username, String by, Instant now) {
        Step s = step(task);
        if (s == null || !s.step.human() || s.status != TaskStatus.OPEN || status != CaseStatus.OPEN) {
            throw new WarningRefusedException(WarningRefusedException.Kind.CONFLICT, "task " + taskId(id, task) + " is not an open call or visit");
        }
        s.assignee = username;
        log(now, "TASK_ASSIGNED", s.step, task, by, username, null);
    }

    /** The assignee was shown the number (tap to call): on the timeline as well as in the audit trail. */
    void revealed(int task, String by, Instant now) {
        Step s = step(task);
        log(now, "PHONE_REVEALED", s == null ? null : s.step, task, by, null, null);
    }

    private LadderStep nextAfter(LadderStep step) {
        int i = ladder.indexOf(step);
        return i < 0 || i + 1 >= ladder.size() ? null : ladder.get(i + 1);
    }

    private void openAfter(LadderStep step, Instant now, Crew crew) {
        LadderStep next = nextAfter(step);
        if (next == null) {
            close(CaseStatus.LOST, now, null);
        } else {
            openFrom(next, now, crew, null);
        }
    }

    /** Opens {@code first}, or the next step that is possible; closes the case LOST when the ladder runs out. */
    private void openFrom(LadderStep first, Instant now, Crew crew, String smsBlocked) {
        for (LadderStep s = first; s != null; s = nextAfter(s)) {
            int index = steps.size();
            String skipped = s == LadderStep.SMS ? (smsBlocked != null ? smsBlocked : mobile ? null : "NOT_MOBILE")
                    : s == LadderStep.RELATIVES && encryptedRelative == null ? "NO_RELATIVE" : null;
            if (skipped != null) {
                Step step = new Step(index, s, TaskStatus.SKIPPED, now, now, null, null, null);
                step.outcome = skipped;
                step.closedAt = now;
                steps.add(step);
                log(now, "STEP_SKIPPED", s, index, null, skipped, null);
                continue;
            }
            Role role = s.human() ? roles.get(s) : null;
            String assignee = s.human() ? crew.assignee(district, role) : null;
            String deliveryId = s == LadderStep.SMS ? org.qiandai.campaign.pushes.StandingPushes.idOf(channel) + ":0:" + taskId(id, index) : null;
            steps.add(new Step(index, s, TaskStatus.OPEN, now, now.plus(sla.get(s)), role, assignee, deliveryId));
            log(now, s == LadderStep.SMS ? "SMS_QUEUED" : "TASK_OPENED", s, index, null, assignee, null);
            return;
        }
        close(CaseStatus.LOST, now, null);
    }

    private void close(CaseStatus to, Instant now, String by) {
        status = to;
        closedAt = now;
        for (Step s : steps) {
            if (s.status == TaskStatus.OPEN) {
                s.status = TaskStatus.CANCELLED;
                s.closedAt = now;
            }
        }
        log(now, "CLOSED", null, null, by, to.name(), null);
    }

    /** The first step opened for the case: what a lead's answer calls {@code firstStep}. */
    LadderStep firstStep() {
        return steps.stream().filter(s -> s.status != TaskStatus.SKIPPED).map(s -> s.step).findFirst()
                .orElse(steps.isEmpty() ? null : steps.get(0).step);
    }

    void log(Instant at, String kind, LadderStep step, Integer task, String by, String detail, String note) {
        timeline.add(new Entry(at, kind, step, task, by, detail, note));
    }
}
