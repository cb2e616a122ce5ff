package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.campaign.templates.FraudSigns;
import org.qiandai.campaign.users.Role;
import org.springframework.stereotype.Service;

/**
 * Warning cases and their tasks for the people who work them. Who sees what:
 * <ul>
 *   <li>the duty desk ({@link Role#DUTY}) every case of the districts it serves (all when it names none), and may record
 *       any of their tasks' outcomes and give a task to someone else;</li>
 *   <li>an officer ({@link Role#OFFICER}) only the tasks assigned to it and the cases they belong to, and records their
 *       outcomes; only the assignee of a task may see the person's number ({@link #reveal}, audited);</li>
 *   <li>nobody else.</li>
 * </ul>
 * Numbers are masked in every view.
 */
@Service
public class WarningCases {

    private final WarningStore store;
    private final Officers officers;
    private final PhoneCrypto crypto;
    private final AuditLog audit;
    private final StoreDurability durability;
    private final Clock clock;

    WarningCases(WarningStore store, Officers officers, PhoneCrypto crypto, AuditLog audit, StoreDurability durability, Clock clock) {
        this.store = store;
        this.officers = officers;
        this.crypto = crypto;
        this.audit = audit;
        this.durability = durability;
        this.clock = clock;
    }

    /** The number of a task's person in clear (and the relative's for the RELATIVES step), for its assignee to call. */
    public record Revealed(String taskId, String phone, String relativePhone) {
    }

    /** One case with its tasks and timeline. */
    public CaseView get(String caseId, WarningViewer viewer) {
        WarningCase c = store.find(caseId);
        if (c == null) {
            throw notFound("no warning case '" + caseId + "'");
        }
        requireSees(c, viewer);
        return view(c, clock.instant());
    }

    /**
     * Open tasks: an officer's own (whatever {@code mine} says); the desk's own with {@code mine}, else every open task
     * of its districts. Most urgent first: overdue, then by priority, then by deadline.
     */
    public List<TaskView> tasks(WarningViewer viewer, boolean mine) {
        if (!viewer.desk() && !viewer.officer()) {
            throw forbidden("only the duty desk and officers have warning tasks");
        }
        boolean own = mine || !viewer.desk();
        Instant now = clock.instant();
        List<TaskView> result = new ArrayList<>();
        for (Document open : store.open()) {
            String district = open.getString("district");
            if (!own && !viewer.deskOf(district)) {
                continue;
            }
            for (Document t : open.getList("tasks", Document.class, List.of())) {
                if (own && !viewer.username().equals(t.getString("assignee"))) {
                    continue;
                }
                result.add(openTask(open, t, now));
            }
        }
        result.sort(URGENCY);
        return result;
    }

    /** The desk's list: every open case of its districts with its open tasks and their deadlines, most urgent first. */
    public List<OpenCaseView> openCases(WarningViewer viewer) {
        if (!viewer.desk()) {
            throw forbidden("only the duty desk sees every open case");
        }
        Instant now = clock.instant();
        List<OpenCaseView> result = new ArrayList<>();
        for (Document open : store.open()) {
            if (!viewer.deskOf(open.getString("district"))) {
                continue;
            }
            List<TaskView> tasks = open.getList("tasks", Document.class, List.of()).stream().map(t -> openTask(open, t, now)).sorted(URGENCY).toList();
            String fraudType = open.getString("fraudType");
            result.add(new OpenCaseView(open.getString("_id"), open.getString("district"), Priority.valueOf(open.getString("priority")),
                    open.getInteger("score", 0), fraudType, FraudSigns.sign(fraudType, "zh-CN"), open.getString("phoneMasked"), open.getInteger("age"),
                    open.getDate("openedAt").toInstant(), open.getInteger("leads", 1), tasks));
        }
        result.sort(Comparator.comparing((OpenCaseView o) -> o.tasks().isEmpty() ? null : o.tasks().get(0), Comparator.nullsLast(URGENCY))
                .thenComparing(OpenCaseView::openedAt));
        return result;
    }

    /** Overdue first, then by priority, then by the deadline nearest. */
    private static final Comparator<TaskView> URGENCY = Comparator.comparing((TaskView t) -> t.secondsLeft() >= 0)
            .thenComparing(TaskView::priority).thenComparing(TaskView::deadline);

    /** Records a call's or visit's outcome (the assignee, or the desk of the district); answers the case afterwards. */
    public CaseView recordOutcome(String taskId, String outcomeText, BigDecimal amount, String note, WarningViewer viewer) {
        TaskOutcome outcome;
        try {
            outcome = TaskOutcome.parse(outcomeText);
        } catch (IllegalArgumentException e) {
            throw new WarningRefusedException(WarningRefusedException.Kind.INVALID, e.getMessage());
        }
        try {
            LeadChecks.checkAmount("amount", amount);
        } catch (LeadRejectedException e) {
            throw new WarningRefusedException(WarningRefusedException.Kind.INVALID, e.getMessage());
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (cleanNote != null && cleanNote.length() > LeadChecks.MAX_NOTE) {
            throw new WarningRefusedException(WarningRefusedException.Kind.INVALID, "note: at most " + LeadChecks.MAX_NOTE + " characters");
        }
        int index = WarningCase.indexOf(taskId);
        WarningCase.Crew crew = officers.crew();
        return act(taskId, (c, now) -> {
            WarningCase.Step s = c.step(index);
            if (s == null) {
                throw notFound("no task '" + taskId + "'");
            }
            if (!viewer.username().equals(s.assignee) && !viewer.deskOf(c.district)) {
                throw forbidden("task " + taskId + " is not assigned to you");
            }
            c.recordOutcome(index, outcome, amount, cleanNote, viewer.username(), now, crew);
        });
    }

    /** The desk gives an open call or visit to a user who may take it (the step's role, or DUTY, serving the district). */
    public CaseView assign(String taskId, String username, WarningViewer viewer) {
        int index = WarningCase.indexOf(taskId);
        return act(taskId, (c, now) -> {
            if (!viewer.deskOf(c.district)) {
                throw forbidden("only the duty desk of " + c.district + " gives tasks to officers");
            }
            WarningCase.Step s = c.step(index);
            if (s == null) {
                throw notFound("no task '" + taskId + "'");
            }
            if (username == null || !officers.serves(username, c.district, s.role == null ? Role.OFFICER : s.role)) {
                throw new WarningRefusedException(WarningRefusedException.Kind.INVALID, "username: '" + username + "' is no enabled "
                        + (s.role == null ? Role.OFFICER : s.role) + " or DUTY user serving " + c.district);
            }
            c.assign(index, username, viewer.username(), now);
        });
    }

    /**
     * The person's number for the task's assignee to call (tap to call), while the case is open: recorded in the audit
     * trail ({@code warning.reveal}) and on the case's timeline. Nobody else, the desk included, is shown it.
     */
    public Revealed reveal(String taskId, WarningViewer viewer, String remoteAddress) {
        int index = WarningCase.indexOf(taskId);
        String[] numbers = new String[3];
        act(taskId, (c, now) -> {
            WarningCase.Step s = c.step(index);
            if (s == null || !s.step.human()) {
                throw notFound("no call or visit '" + taskId + "'");
            }
            if (!viewer.username().equals(s.assignee)) {
                throw forbidden("only the officer assigned to task " + taskId + " may see the number");
            }
            if (c.status != CaseStatus.OPEN) {
                throw new WarningRefusedException(WarningRefusedException.Kind.CONFLICT, "case " + c.id + " is closed (" + c.status + ")");
            }
            c.revealed(index, viewer.username(), now);
            numbers[0] = crypto.decrypt(c.encryptedPhone);
            numbers[1] = s.step == LadderStep.RELATIVES && c.encryptedRelative != null ? crypto.decrypt(c.encryptedRelative) : null;
            numbers[2] = c.maskedPhone;
        });
        audit.record(viewer.username(), "warning.reveal", "warning-task", taskId, "phone " + numbers[2], remoteAddress);
        return new Revealed(taskId, numbers[0], numbers[1]);
    }

    private interface Action {
        void apply(WarningCase c, Instant now);
    }

    /** Applies an action to the task's case (read again and redone when someone changed it meanwhile), commits, answers the case. */
    private CaseView act(String taskId, Action action) {
        String caseId = WarningCase.caseOf(taskId);
        if (caseId == null || WarningCase.indexOf(taskId) < 0) {
            throw notFound("no task '" + taskId + "'");
        }
        Instant now = clock.instant();
        boolean[] found = {false};
        Set<String> failed = store.update(Set.of(caseId), c -> {
            found[0] = true;
            action.apply(c, now);
            return true;
        });
        if (!found[0]) {
            throw notFound("no task '" + taskId + "'");
        }
        if (!failed.isEmpty()) {
            throw new WarningRefusedException(WarningRefusedException.Kind.CONFLICT, "case " + caseId + " kept changing; try again");
        }
        durability.commit();
        WarningCase c = store.find(caseId);
        return view(c, clock.instant());
    }

    private void requireSees(WarningCase c, WarningViewer viewer) {
        if (viewer.deskOf(c.district)) {
            return;
        }
        if (viewer.officer() && c.steps.stream().anyMatch(s -> viewer.username().equals(s.assignee))) {
            return;
        }
        throw forbidden("warning case " + c.id + " is not one of yours");
    }

    private static TaskView openTask(Document open, Document t, Instant now) {
        Instant deadline = t.getDate("deadline").toInstant();
        String fraudType = open.getString("fraudType");
        String role = t.getString("role");
        return new TaskView(t.getString("id"), open.getString("_id"), t.getInteger("index", 0), LadderStep.valueOf(t.getString("step")), TaskStatus.OPEN,
                CaseStatus.OPEN, t.getString("assignee"), role == null ? null : Role.valueOf(role), t.getDate("openedAt").toInstant(), deadline,
                Duration.between(now, deadline).toSeconds(), t.getBoolean("breached", false), false, null, null, null, null, null,
                open.getString("district"), Priority.valueOf(open.getString("priority")), fraudType, FraudSigns.sign(fraudType, "zh-CN"),
                open.getString("phoneMasked"), open.getInteger("age"), open.getString("gender"), open.getBoolean("hasRelative", false));
    }

    static CaseView view(WarningCase c, Instant now) {
        String sign = FraudSigns.sign(c.fraudType, c.language);
        List<TaskView> tasks = new ArrayList<>();
        for (WarningCase.Step s : c.steps) {
            tasks.add(new TaskView(WarningCase.taskId(c.id, s.index), c.id, s.index, s.step, s.status, c.status, s.assignee, s.role, s.openedAt,
                    s.deadline, Duration.between(now, s.deadline).toSeconds(), s.breached, s.late, s.outcome, s.note, s.amount, s.by, s.closedAt,
                    c.district, c.priority, c.fraudType, sign, c.maskedPhone, c.age, c.gender, c.encryptedRelative != null));
        }
        WarningCase.Step current = c.current();
        List<CaseView.LeadView> leads = c.leads.stream().map(l -> new CaseView.LeadView(l.externalId(), l.sender(), l.via(), l.source(),
                l.detectedAt(), l.receivedAt(), l.amountAtRisk(), l.note())).toList();
        List<CaseView.Event> timeline = c.timeline.stream().map(e -> new CaseView.Event(e.at(), e.kind(), e.step(),
                e.task() == null ? null : WarningCase.taskId(c.id, e.task()), e.by(), e.detail(), e.note())).toList();
        return new CaseView(c.id, c.status, c.priority, c.score, c.factors, c.district, c.fraudType, c.fraudTypeFromProfile, sign,
                c.leads.get(0).source().name(), c.maskedPhone, c.maskedRelative, c.age, c.gender, c.occupation, c.language, c.amountAtRisk,
                c.amountLost, c.profile, new CaseView.Warning(c.templateId, c.builtin, c.text), leads, tasks,
                current == null ? null : WarningCase.taskId(c.id, current.index), c.openedAt, c.detectedAt, c.firstWarningAt, c.firstContactAt,
                c.closedAt, c.breaches, timeline);
    }

    private static WarningRefusedException notFound(String message) {
        return new WarningRefusedException(WarningRefusedException.Kind.NOT_FOUND, message);
    }

    private static WarningRefusedException forbidden(String message) {
        return new WarningRefusedException(WarningRefusedException.Kind.FORBIDDEN, message);
    }
}
