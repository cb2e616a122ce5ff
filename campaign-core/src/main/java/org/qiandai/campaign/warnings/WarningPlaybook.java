package org.qiandai.campaign.warnings;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.qiandai.campaign.templates.FraudSigns;
import org.qiandai.campaign.templates.TemplateDraft;
import org.qiandai.campaign.templates.WarningTemplate;
import org.qiandai.campaign.templates.Warnings;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Chooses the first SMS of a case. The profile the person fits best ({@link ProfileMatcher}) and the fraud type pick it:
 * <ol>
 *   <li>a missing fraud type is taken from the profile (its commonest type);</li>
 *   <li>the plays ({@code warning_playbook}, {@link #replace}), in order: the first whose fraud type is the case's (or
 *       any) and whose profile text appears in the best profile's label (or any) names a saved SMS warning of the case's
 *       language;</li>
 *   <li>else the built-in warning for the person's audience — SENIOR (60 or older, or a retirees' profile), YOUTH
 *       (under 25, students), GENERAL — which names the scam's tell-tale sign ({@code {sign}}, {@link FraudSigns}).</li>
 * </ol>
 * The text is rendered with {@code {district}}, {@code {hotline}} and {@code {sign}}; it never carries personal data.
 */
@Service
public class WarningPlaybook {

    static final String COLLECTION = "warning_playbook";
    private static final String DOCUMENT = "plays";
    private static final Duration CACHE = Duration.ofSeconds(5);
    static final int MAX_PLAYS = 200;

    /** One play: for this fraud type (null: any) and a profile whose label contains {@code profile} (null: any), this warning. */
    public record Play(String fraudType, String profile, String templateId) {
    }

    /** The warning chosen: a saved one ({@code templateId}) or a built-in ({@code builtin}), the text, the fraud type used. */
    record Choice(String templateId, String builtin, String text, String fraudType, boolean fraudTypeFromProfile) {
    }

    /** The built-in bodies, by audience and language. */
    static final Map<String, String> BUILTIN = Map.of(
            "GENERAL:zh-CN", "反诈预警：您可能正在遭遇诈骗。{sign}。请立即停止转账，民警将尽快联系您，咨询请拨{hotline}。",
            "SENIOR:zh-CN", "反诈预警：老人家，{sign}。千万不要转账汇款，请先告诉家人，民警马上联系您，咨询请拨{hotline}。",
            "YOUTH:zh-CN", "反诈预警：同学、朋友，{sign}。别转账、别借贷、别刷单，民警将联系您，咨询请拨{hotline}。",
            "GENERAL:en", "Fraud alert: you may be the target of a scam. {sign}. Stop any transfer now; the police will call you. Questions: {hotline}.",
            "SENIOR:en", "Fraud alert: {sign}. Please do not transfer any money and tell your family; the police will call you shortly. Questions: {hotline}.",
            "YOUTH:en", "Fraud alert: {sign}. Do not transfer, borrow or take paid 'tasks'; the police will call you. Questions: {hotline}.");

    private final MongoTemplate mongo;
    private final Warnings warnings;
    private final WarningSettings settings;
    private final Clock clock;
    private volatile List<Play> cached;
    private volatile long cachedAt;

    WarningPlaybook(MongoTemplate mongo, Warnings warnings, WarningSettings settings, Clock clock) {
        this.mongo = mongo;
        this.warnings = warnings;
        this.settings = settings;
        this.clock = clock;
    }

    /** The plays, in the order they are tried. */
    public List<Play> plays() {
        List<Play> plays = cached;
        if (plays != null && System.nanoTime() - cachedAt < CACHE.toNanos()) {
            return plays;
        }
        Document d = mongo.getCollection(COLLECTION).find(Filters.eq("_id", DOCUMENT)).first();
        List<Play> read = new ArrayList<>();
        if (d != null) {
            for (Document p : d.getList("plays", Document.class, List.of())) {
                read.add(new Play(p.getString("fraudType"), p.getString("profile"), p.getString("templateId")));
            }
        }
        cached = List.copyOf(read);
        cachedAt = System.nanoTime();
        return cached;
    }

    /**
     * Replaces the plays. Each must name a saved warning that the warning channel ({@code qiandai.warning.channel}) may send; fraud types are stored by their
     * canonical name. Refused as a whole ({@link LeadRejectedException} naming {@code plays[i].field}) when one is wrong.
     */
    public List<Play> replace(List<Play> plays, String by) {
        if (plays == null) {
            throw new LeadRejectedException("plays", "is required (an empty list clears them)");
        }
        if (plays.size() > MAX_PLAYS) {
            throw new LeadRejectedException("plays", "at most " + MAX_PLAYS + " plays");
        }
        List<Play> checked = new ArrayList<>();
        for (int i = 0; i < plays.size(); i++) {
            Play p = plays.get(i);
            String at = "plays[" + i + "]";
            if (p == null || p.templateId() == null || p.templateId().isBlank()) {
                throw new LeadRejectedException(at + ".templateId", "is required");
            }
            Optional<WarningTemplate> template = warnings.get(p.templateId().strip());
            if (template.isEmpty()) {
                throw new LeadRejectedException(at + ".templateId", "no warning '" + p.templateId().strip() + "'");
            }
            if (!template.get().fitsChannel(settings.channel())) {
                throw new LeadRejectedException(at + ".templateId", "warning '" + p.templateId().strip() + "' is for " + template.get().channel()
                        + ", not " + settings.channel() + " (qiandai.warning.channel)");
            }
            String fraudType = blank(p.fraudType()) ? null : FraudSigns.canonical(p.fraudType());
            String profile = blank(p.profile()) ? null : p.profile().strip();
            checked.add(new Play(fraudType, profile, p.templateId().strip()));
        }
        List<Document> docs = checked.stream().map(p -> new Document("fraudType", p.fraudType()).append("profile", p.profile())
                .append("templateId", p.templateId())).toList();
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", DOCUMENT), new Document("_id", DOCUMENT).append("plays", docs)
                .append("by", by).append("at", Date.from(clock.instant())), new ReplaceOptions().upsert(true));
        cached = List.copyOf(checked);
        cachedAt = System.nanoTime();
        return cached;
    }

    /** The first SMS for a person: see the class description. */
    Choice choose(String fraudType, ProfileMatcher.ProfileMatch profile, Integer age, String occupation, String language, String district,
                  String channel, Map<String, Optional<WarningTemplate>> templates) {
        boolean fromProfile = false;
        String type = fraudType;
        if (type == null && profile != null && profile.topFraudType() != null) {
            type = FraudSigns.canonical(profile.topFraudType());
            fromProfile = true;
        }
        Map<String, String> values = new HashMap<>();
        values.put("district", district);
        values.put("sign", FraudSigns.sign(type, language));
        for (Play play : plays()) {
            if (play.fraudType() != null && !play.fraudType().equals(type)) {
                continue;
            }
            if (play.profile() != null && (profile == null || profile.label() == null || !profile.label().contains(play.profile()))) {
                continue;
            }
            Optional<WarningTemplate> template = templates.computeIfAbsent(play.templateId(), warnings::get);
            if (template.isPresent() && template.get().fitsChannel(channel) && language.equals(template.get().language())) {
                return new Choice(template.get().id(), null, warnings.render(template.get(), values), type, fromProfile);
            }
        }
        String key = audience(age, occupation, profile) + ":" + language;
        WarningTemplate builtin = builtin(key, language);
        return new Choice(null, key, warnings.render(builtin, values), type, fromProfile);
    }

    /** A built-in body as a warning (checked by {@link #check} in the tests, as a saved warning would be). */
    WarningTemplate builtin(String key, String language) {
        return new WarningTemplate("builtin:" + key, key, "sms", language, BUILTIN.get(key), warnings.defaultSignature(), null, 0, null);
    }

    /** The checks a saved warning passes, for a built-in body. */
    org.qiandai.campaign.templates.TemplateCheck check(String key) {
        return warnings.check(new TemplateDraft(key, "SMS", key.substring(key.indexOf(':') + 1), BUILTIN.get(key), null));
    }

    static String audience(Integer age, String occupation, ProfileMatcher.ProfileMatch profile) {
        Double years = age != null ? Double.valueOf(age) : profile == null ? null : profile.medianAge();
        String occupationText = occupation != null ? occupation : profile == null || profile.label() == null ? "" : profile.label();
        if (years != null && years >= 60 || occupation == null && age == null && occupationText.contains("退休")) {
            return "SENIOR";
        }
        if (years != null && years < 25 || occupationText.contains("学生")) {
            return "YOUTH";
        }
        return "GENERAL";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
