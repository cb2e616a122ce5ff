package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.qiandai.campaign.users.Role;

/**
 * A {@link WarningCase} as its {@code warning_cases} document and back. Amounts are kept in fen (64-bit integers) so
 * that sums are exact on every store; instants as dates; the ladder and its deadlines as they were when the case opened.
 */
final class CaseDocuments {

    private CaseDocuments() {
    }

    static Document document(WarningCase c) {
        Document d = new Document("_id", c.id).append("version", c.version).append("status", c.status.name())
                .append("phoneHash", c.phoneHash).append("phone", c.encryptedPhone).append("phoneMasked", c.maskedPhone).append("mobile", c.mobile)
                .append("relativePhone", c.encryptedRelative).append("relativeMasked", c.maskedRelative)
                .append("age", c.age).append("gender", c.gender).append("occupation", c.occupation).append("language", c.language)
                .append("district", c.district).append("fraudType", c.fraudType).append("fraudTypeFromProfile", c.fraudTypeFromProfile)
                .append("priority", c.priority.name()).append("score", c.score)
                .append("factors", c.factors.stream().map(f -> new Document("factor", f.factor()).append("value", f.value()).append("points", f.points())).toList())
                .append("amountAtRiskFen", fen(c.amountAtRisk)).append("amountLostFen", fen(c.amountLost))
                .append("warning", new Document("templateId", c.templateId).append("builtin", c.builtin).append("text", c.text))
                .append("channel", c.channel).append("ladder", c.ladder.stream().map(Enum::name).toList())
                .append("sla", sla(c.sla)).append("roles", roles(c.roles))
                .append("openedAt", date(c.openedAt)).append("detectedAt", date(c.detectedAt)).append("firstWarningAt", date(c.firstWarningAt))
                .append("firstContactAt", date(c.firstContactAt)).append("closedAt", date(c.closedAt)).append("breaches", c.breaches);
        if (c.profile != null) {
            ProfileMatcher.ProfileMatch p = c.profile;
            d.append("profile", new Document("runId", p.runId()).append("index", p.profile()).append("label", p.label())
                    .append("confidence", p.confidence()).append("topFraudType", p.topFraudType()).append("medianAge", p.medianAge()));
        }
        List<Document> leads = new ArrayList<>();
        for (WarningCase.CaseLead l : c.leads) {
            leads.add(new Document("key", l.key()).append("externalId", l.externalId()).append("sender", l.sender()).append("via", l.via().name())
                    .append("source", l.source().name()).append("detectedAt", date(l.detectedAt())).append("receivedAt", date(l.receivedAt()))
                    .append("amountAtRiskFen", fen(l.amountAtRisk())).append("note", l.note()));
        }
        d.append("leads", leads);
        List<Document> steps = new ArrayList<>();
        for (WarningCase.Step s : c.steps) {
            steps.add(new Document("index", s.index).append("step", s.step.name()).append("status", s.status.name())
                    .append("openedAt", date(s.openedAt)).append("deadline", date(s.deadline)).append("role", s.role == null ? null : s.role.name())
                    .append("assignee", s.assignee).append("deliveryId", s.deliveryId).append("outcome", s.outcome).append("note", s.note)
                    .append("amountFen", fen(s.amount)).append("by", s.by).append("closedAt", date(s.closedAt)).append("breached", s.breached)
                    .append("late", s.late));
        }
        d.append("steps", steps);
        List<Document> timeline = new ArrayList<>();
        for (WarningCase.Entry e : c.timeline) {
            timeline.add(new Document("at", date(e.at())).append("kind", e.kind()).append("step", e.step() == null ? null : e.step().name())
                    .append("task", e.task()).append("by", e.by()).append("detail", e.detail()).append("note", e.note()));
        }
        d.append("timeline", timeline);
        return d;
    }

    static WarningCase warningCase(Document d) {
        List<LadderStep> ladder = d.getList("ladder", String.class).stream().map(LadderStep::valueOf).toList();
        Map<LadderStep, Duration> sla = new EnumMap<>(LadderStep.class);
        d.get("sla", Document.class).forEach((k, v) -> sla.put(LadderStep.valueOf(k), Duration.ofMillis(((Number) v).longValue())));
        Map<LadderStep, Role> roles = new EnumMap<>(LadderStep.class);
        d.get("roles", Document.class).forEach((k, v) -> roles.put(LadderStep.valueOf(k), Role.valueOf((String) v)));
        WarningCase c = new WarningCase(d.getString("_id"), d.getString("phoneHash"), d.getString("phone"), d.getString("phoneMasked"),
                d.getBoolean("mobile", true), d.getString("language"), d.getString("district"), d.getString("channel"), ladder, sla, roles);
        c.version = d.getInteger("version", 0);
        c.status = CaseStatus.valueOf(d.getString("status"));
        c.encryptedRelative = d.getString("relativePhone");
        c.maskedRelative = d.getString("relativeMasked");
        c.age = d.getInteger("age");
        c.gender = d.getString("gender");
        c.occupation = d.getString("occupation");
        c.fraudType = d.getString("fraudType");
        c.fraudTypeFromProfile = d.getBoolean("fraudTypeFromProfile", false);
        c.priority = Priority.valueOf(d.getString("priority"));
        c.score = d.getInteger("score", 0);
        c.factors = d.getList("factors", Document.class, List.of()).stream()
                .map(f -> new PriorityFactor(f.getString("factor"), f.getString("value"), f.getInteger("points", 0))).toList();
        c.amountAtRisk = yuan(d.get("amountAtRiskFen"));
        c.amountLost = yuan(d.get("amountLostFen"));
        Document w = d.get("warning", Document.class);
        c.templateId = w.getString("templateId");
        c.builtin = w.getString("builtin");
        c.text = w.getString("text");
        Document p = d.get("profile", Document.class);
        if (p != null) {
            Number median = (Number) p.get("medianAge");
            c.profile = new ProfileMatcher.ProfileMatch(p.getString("runId"), p.getInteger("index", 0), p.getString("label"),
                    ((Number) p.get("confidence")).doubleValue(), p.getString("topFraudType"), median == null ? null : median.doubleValue());
        }
        c.openedAt = instant(d.getDate("openedAt"));
        c.detectedAt = instant(d.getDate("detectedAt"));
        c.firstWarningAt = instant(d.getDate("firstWarningAt"));
        c.firstContactAt = instant(d.getDate("firstContactAt"));
        c.closedAt = instant(d.getDate("closedAt"));
        c.breaches = d.getInteger("breaches", 0);
        for (Document l : d.getList("leads", Document.class, List.of())) {
            c.leads.add(new WarningCase.CaseLead(l.getString("key"), l.getString("externalId"), l.getString("sender"), LeadVia.valueOf(l.getString("via")),
                    LeadSource.valueOf(l.getString("source")), instant(l.getDate("detectedAt")), instant(l.getDate("receivedAt")),
                    yuan(l.get("amountAtRiskFen")), l.getString("note")));
        }
        for (Document s : d.getList("steps", Document.class, List.of())) {
            String role = s.getString("role");
            WarningCase.Step step = new WarningCase.Step(s.getInteger("index", 0), LadderStep.valueOf(s.getString("step")),
                    TaskStatus.valueOf(s.getString("status")), instant(s.getDate("openedAt")), instant(s.getDate("deadline")),
                    role == null ? null : Role.valueOf(role), s.getString("assignee"), s.getString("deliveryId"));
            step.outcome = s.getString("outcome");
            step.note = s.getString("note");
            step.amount = yuan(s.get("amountFen"));
            step.by = s.getString("by");
            step.closedAt = instant(s.getDate("closedAt"));
            step.breached = s.getBoolean("breached", false);
            step.late = s.getBoolean("late", false);
            c.steps.add(step);
        }
        for (Document e : d.getList("timeline", Document.class, List.of())) {
            String step = e.getString("step");
            c.timeline.add(new WarningCase.Entry(instant(e.getDate("at")), e.getString("kind"), step == null ? null : LadderStep.valueOf(step),
                    e.getInteger("task"), e.getString("by"), e.getString("detail"), e.getString("note")));
        }
        return c;
    }

    static Long fen(BigDecimal yuan) {
        return yuan == null ? null : yuan.movePointRight(2).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    }

    static BigDecimal yuan(Object fen) {
        if (fen == null) {
            return null;
        }
        BigDecimal v = BigDecimal.valueOf(((Number) fen).longValue(), 2).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static Document sla(Map<LadderStep, Duration> sla) {
        Document d = new Document();
        sla.forEach((k, v) -> d.append(k.name(), v.toMillis()));
        return d;
    }

    private static Document roles(Map<LadderStep, Role> roles) {
        Document d = new Document();
        roles.forEach((k, v) -> d.append(k.name(), v.name()));
        return d;
    }
}
