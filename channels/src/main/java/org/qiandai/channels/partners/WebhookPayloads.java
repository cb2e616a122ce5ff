package org.qiandai.channels.partners;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.campaigns.CampaignLifecycle;
import org.qiandai.campaign.campaigns.CampaignView;
import org.qiandai.campaign.deliveries.Delivery;
import org.qiandai.campaign.deliveries.DeliveryStatus;
import org.qiandai.campaign.pushes.PushView;
import org.qiandai.campaign.pushes.Pushes;
import org.qiandai.campaign.segments.SegmentInterest;
import org.qiandai.campaign.segments.SegmentRule;
import org.qiandai.campaign.segments.Segments;
import org.qiandai.campaign.templates.WarningChannel;
import org.qiandai.campaign.templates.WarningTemplates;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of the webhook that hands a partner one push occurrence, in the Standard Webhooks shape
 * {@code {"type", "timestamp", "data"}}: the warning as approved (rendered when queued), the target districts (empty:
 * the whole city), the target groups described by their segments' rules and interests, and the display window. Never a
 * person's data: the broadcast record carries none, and segments are described, not listed.
 * <p>
 * Display window: from when the occurrence was queued (not before the campaign's first day) until the push's next
 * occurrence is due, or for the last (or only) occurrence until the end of the campaign's last day; times in
 * {@code qiandai.zone}, {@code until} exclusive.
 */
@Component
class WebhookPayloads {

    static final String TYPE = "warning.display";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CampaignLifecycle campaigns;
    private final Segments segments;
    private final WarningTemplates templates;
    private final Pushes pushes;
    private final Clock clock;
    private final String publicBaseUrl;

    WebhookPayloads(CampaignLifecycle campaigns, Segments segments, WarningTemplates templates, Pushes pushes, Clock clock,
                    @Value("${qiandai.public-base-url:}") String publicBaseUrl) {
        this.campaigns = campaigns;
        this.segments = segments;
        this.templates = templates;
        this.pushes = pushes;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
    }

    byte[] build(Partner partner, Delivery delivery, PushView push) {
        ZoneId zone = clock.getZone();
        CampaignView campaign = campaigns.get(push.campaignId())
                .orElseThrow(() -> new IllegalStateException("push " + push.id() + ": no campaign " + push.campaignId()));
        String templateChannel = templates.get(delivery.templateId()).map(t -> t.channel()).orElse(null);

        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("templateId", delivery.templateId());
        warning.put("language", delivery.language());
        warning.put("format", WarningChannel.PARTNER_CARD.id().equals(templateChannel) ? "html" : "text");
        warning.put("content", delivery.text());

        List<Object> groups = new ArrayList<>();
        for (String segmentId : push.segmentIds()) {
            segments.get(segmentId).ifPresent(s -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("segmentId", s.id());
                g.put("name", s.name());
                g.put("rule", rule(s.rule()));
                g.put("ruleText", s.ruleText());
                g.put("interest", interest(s.interest()));
                groups.add(g);
            });
        }

        Instant queuedAt = delivery.at().getOrDefault(DeliveryStatus.QUEUED, clock.instant());
        Instant periodStart = campaign.from().atStartOfDay(zone).toInstant();
        Instant periodEnd = campaign.to().plusDays(1).atStartOfDay(zone).toInstant();
        Instant from = queuedAt.isBefore(periodStart) ? periodStart : queuedAt;
        Instant until = pushes.followingOccurrence(push.id(), delivery.occurrence(), from).filter(t -> t.isBefore(periodEnd)).orElse(periodEnd);
        if (until.isBefore(from)) {
            until = from;
        }
        Map<String, Object> display = new LinkedHashMap<>();
        display.put("from", time(from, zone));
        display.put("until", time(until, zone));
        display.put("timeZone", zone.getId());

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pushId", push.id());
        data.put("occurrence", delivery.occurrence());
        data.put("partner", partner.name());
        data.put("kind", partner.kind() == null ? null : partner.kind().id());
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("id", campaign.id());
        about.put("name", campaign.name());
        data.put("campaign", about);
        data.put("warning", warning);
        data.put("districts", districts(delivery.district()));
        data.put("targetGroups", groups);
        data.put("display", display);
        if (!publicBaseUrl.isEmpty()) {
            data.put("receiptsUrl", publicBaseUrl + "/api/channels/partners/" + partner.name() + "/receipts");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", TYPE);
        payload.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        payload.put("data", data);
        return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> districts(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String time(Instant t, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone).toOffsetDateTime());
    }

    /** The rule as the segment API writes it: {@code {"all": [...]}}, {@code {"any": [...]}} or {@code {"field", "op", "values"}}. */
    static Map<String, Object> rule(SegmentRule rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (rule.isGroup()) {
            m.put(rule.matchesAll() ? "all" : "any", rule.rules().stream().map(WebhookPayloads::rule).toList());
        } else {
            m.put("field", rule.field());
            m.put("op", rule.op());
            m.put("values", rule.values());
        }
        return m;
    }

    private static Map<String, Object> interest(SegmentInterest interest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraudTypes", interest == null ? List.of() : interest.fraudTypes());
        m.put("venues", interest == null ? List.of() : interest.venues());
        m.put("contactChannels", interest == null ? List.of() : interest.contactChannels());
        return m;
    }
}
