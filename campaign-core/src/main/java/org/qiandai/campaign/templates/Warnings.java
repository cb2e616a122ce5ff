package org.qiandai.campaign.templates;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jsoup.nodes.Entities;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import org.qiandai.campaign.support.RecordIds;

/**
 * Warnings (message templates): checks, saves, changes and renders them. Every save runs the same checks as
 * {@link #check} and refuses the first broken rule with a {@link TemplateRejectedException} naming it.
 * Settings: {@code qiandai.sms.signature} (default 【包头公安】), {@code qiandai.templates.allow-links} (default false),
 * {@code qiandai.templates.hotline} (96110), {@code qiandai.sms.max-parts} (10), {@code qiandai.templates.max-text-length} (500).
 */
@Service
public class Warnings implements WarningTemplates {

    public static final Set<String> LANGUAGES = Set.of("zh-CN", "en");
    private static final int LIST_LIMIT = 500;
    private static final int MAX_SIGNATURE = 20;
    private static final int MAX_NAME = 100;

    private final TemplateStore store;
    private final Clock clock;
    private final ObjectProvider<TemplateUsage> usage;
    private final String defaultSignature;
    private final boolean allowLinks;
    private final String hotline;
    private final int maxParts;
    private final int maxTextLength;

    Warnings(TemplateStore store, Clock clock, ObjectProvider<TemplateUsage> usage,
             @Value("${qiandai.sms.signature:【包头公安】}") String defaultSignature,
             @Value("${qiandai.templates.allow-links:false}") boolean allowLinks,
             @Value("${qiandai.templates.hotline:96110}") String hotline,
             @Value("${qiandai.sms.max-parts:10}") int maxParts,
             @Value("${qiandai.templates.max-text-length:500}") int maxTextLength) {
        this.store = store;
        this.clock = clock;
        this.usage = usage;
        this.defaultSignature = defaultSignature;
        this.allowLinks = allowLinks;
        this.hotline = hotline;
        this.maxParts = maxParts;
        this.maxTextLength = maxTextLength;
    }

    public String defaultSignature() {
        return defaultSignature;
    }

    public boolean linksAllowed() {
        return allowLinks;
    }

    /** Every rule checked at once, nothing saved: what the editor shows as the user types. */
    public TemplateCheck check(TemplateDraft draft) {
        TemplateDraft d = draft == null ? new TemplateDraft(null, null, null, null, null) : draft;
        List<TemplateProblem> problems = new ArrayList<>();
        if (blank(d.name())) {
            problems.add(new TemplateProblem("name-required", "name is required"));
        } else if (d.name().strip().length() > MAX_NAME) {
            problems.add(new TemplateProblem("name-too-long", "name must be at most " + MAX_NAME + " characters"));
        }
        Optional<WarningChannel> channel = WarningChannel.of(d.channel());
        if (channel.isEmpty()) {
            problems.add(new TemplateProblem("unknown-channel", "channel '" + d.channel() + "' is not one of SMS, "
                    + String.join(", ", WarningChannel.ids())));
        }
        if (d.language() == null || !LANGUAGES.contains(d.language())) {
            problems.add(new TemplateProblem("unsupported-language", "language '" + d.language() + "' is not one of zh-CN, en"));
        }
        String raw = d.body() == null ? "" : d.body();
        if (raw.isBlank()) {
            problems.add(new TemplateProblem("body-required", "body is required"));
        }
        WarningChannel.Kind kind = channel.map(WarningChannel::kind).orElse(WarningChannel.Kind.TEXT);
        String body = raw;
        String visible = raw;
        List<String> removed = List.of();
        if (kind == WarningChannel.Kind.RICH) {
            RichContentCleaner.Cleaned cleaned = RichContentCleaner.clean(raw);
            body = cleaned.html();
            visible = cleaned.text();
            removed = cleaned.removed();
        }
        TemplateVariables.Parsed parsed = TemplateVariables.parse(visible);
        problems.addAll(parsed.problems());
        String signature = null;
        if (kind == WarningChannel.Kind.SMS) {
            signature = blank(d.signature()) ? defaultSignature : d.signature().strip();
            if (signature.codePointCount(0, signature.length()) > MAX_SIGNATURE || signature.contains("{") || signature.contains("}")) {
                problems.add(new TemplateProblem("signature", "the signature must be at most " + MAX_SIGNATURE
                        + " characters and hold no variables, e.g. " + defaultSignature));
            }
        }
        if (!allowLinks) {
            Optional<String> link = LinkFinder.find((signature == null ? "" : signature) + " " + visible);
            link.ifPresent(l -> problems.add(new TemplateProblem("no-links", "a warning may contain no links (found '" + l
                    + "'): genuine police warnings carry none, fraudsters' messages do (qiandai.templates.allow-links=false)")));
        }
        String longest = TemplateVariables.longest(visible, d.language());
        int characters = longest.codePointCount(0, longest.length());
        SmsCount sms = null;
        if (kind == WarningChannel.Kind.SMS) {
            sms = SmsCounter.count(signature + longest);
            characters = sms.characters();
            if (sms.parts() > maxParts) {
                problems.add(new TemplateProblem("sms-too-long", "the SMS needs " + sms.parts() + " parts (" + sms.units() + " "
                        + (SmsCount.GSM_7.equals(sms.encoding()) ? "GSM-7 characters" : "UCS-2 units") + " with the signature); at most "
                        + maxParts + " are allowed (qiandai.sms.max-parts)"));
            }
        } else if (characters > maxTextLength) {
            problems.add(new TemplateProblem("text-too-long", "the text has " + characters + " characters; at most " + maxTextLength
                    + " are allowed (qiandai.templates.max-text-length)"));
        }
        String encoding = sms != null ? sms.encoding() : kind == WarningChannel.Kind.RICH ? "HTML" : "TEXT";
        return new TemplateCheck(channel.map(WarningChannel::id).orElse(null), channel.map(WarningChannel::kind).orElse(null),
                encoding, sms != null ? sms.parts() : 1, body, signature, sms, characters, parsed.variables(), removed, List.copyOf(problems));
    }

    public TemplateView save(TemplateDraft draft, String user) {
        TemplateCheck check = checked(draft);
        Instant now = clock.instant();
        String id = RecordIds.next("tpl", now);
        TemplateView view = view(id, draft, check, user, now, user, now);
        store.insert(view);
        return view;
    }

    /**
     * New content for a saved warning; empty when there is none. Refused ({@link TemplateLockedException}) while a
     * campaign that was submitted, approved, is running or completed uses it: what a leader approved stays as approved.
     */
    public Optional<TemplateView> update(String id, TemplateDraft draft, String user) {
        Optional<TemplateView> found = store.find(id);
        if (found.isEmpty()) {
            return found;
        }
        List<String> locking = lockingCampaigns(id);
        if (!locking.isEmpty()) {
            throw new TemplateLockedException("warning " + id + " is used by campaign " + String.join(", ", locking)
                    + ", which was submitted or approved; save the changes as a new warning instead");
        }
        TemplateCheck check = checked(draft);
        TemplateView old = found.get();
        TemplateView view = view(id, draft, check, old.createdBy(), old.createdAt(), user, clock.instant());
        store.replace(view);
        return Optional.of(view);
    }

    /** The latest 500 warnings, newest first. */
    public List<TemplateView> list() {
        return store.list(LIST_LIMIT);
    }

    public Optional<TemplateView> find(String id) {
        return store.find(id).map(t -> new TemplateView(t.id(), t.name(), t.channel(), t.language(), t.body(), t.signature(),
                t.encoding(), t.parts(), t.characters(), t.units(), t.variables(), t.createdBy(), t.createdAt(), t.updatedBy(),
                t.updatedAt(), List.of(), lockingCampaigns(id)));
    }

    @Override
    public Optional<WarningTemplate> get(String id) {
        return store.find(id).map(TemplateView::template);
    }

    /**
     * The text one recipient receives: for SMS the signature then the body, else the body (rich content as cleaned
     * HTML, values escaped). {@code hotline} defaults to {@code qiandai.templates.hotline}; a missing {@code district}
     * reads 本市 (zh-CN) or "your city" (en), a missing {@code sign} the generic tell-tale sign ({@link FraudSigns#GENERIC}).
     * Other keys are ignored: a warning holds no personal data.
     */
    @Override
    public String render(WarningTemplate template, Map<String, String> variables) {
        Map<String, String> values = new HashMap<>();
        values.put("hotline", hotline);
        values.put("district", "en".equals(template.language()) ? "your city" : "本市");
        values.put("sign", FraudSigns.sign(null, template.language()));
        if (variables != null) {
            variables.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    values.put(k, v.strip());
                }
            });
        }
        WarningChannel.Kind kind = WarningChannel.of(template.channel()).map(WarningChannel::kind).orElse(WarningChannel.Kind.TEXT);
        if (kind == WarningChannel.Kind.RICH) {
            return TemplateVariables.fill(template.body(), values, Entities::escape);
        }
        String body = TemplateVariables.fill(template.body(), values, v -> v);
        return kind == WarningChannel.Kind.SMS && template.signature() != null ? template.signature() + body : body;
    }

    private TemplateCheck checked(TemplateDraft draft) {
        TemplateCheck check = check(draft);
        if (!check.ok()) {
            TemplateProblem first = check.problems().get(0);
            throw new TemplateRejectedException(first.rule(), first.message());
        }
        return check;
    }

    private List<String> lockingCampaigns(String id) {
        TemplateUsage u = usage.getIfAvailable();
        return u == null ? List.of() : u.lockingCampaigns(id);
    }

    private static TemplateView view(String id, TemplateDraft d, TemplateCheck c, String createdBy, Instant createdAt,
                                     String updatedBy, Instant updatedAt) {
        return new TemplateView(id, d.name().strip(), c.channel(), d.language(), c.body(), c.signature(), c.encoding(), c.parts(),
                c.characters(), c.sms() == null ? c.characters() : c.sms().units(), c.variables(), createdBy, createdAt,
                updatedBy, updatedAt, c.removed(), List.of());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
