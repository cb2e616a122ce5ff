package org.qiandai.channels.partners;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.partnerreports.PartnerReceipt;
import org.qiandai.campaign.partnerreports.PartnerReportRejectedException;
import org.qiandai.campaign.partnerreports.PartnerReports;
import org.qiandai.campaign.partnerreports.ReceiptOutcome;
import org.qiandai.channels.partners.PartnerReceiptRefusedException.Kind;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receipts partners post to {@code /api/channels/partners/{partner}/receipts}, signed as our webhooks are (Standard
 * Webhooks, the partner's secret). Checked in this order: the partner exists (else 404); the body is within
 * {@code qiandai.channels.partner-receipts.max-size} (413); {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} are present, the timestamp is within {@code qiandai.channels.partner-receipts.tolerance}
 * (5 minutes) of our clock either way, and the signature is the partner's (401); a webhook id already accepted from this
 * partner answers as a duplicate and changes nothing; then the JSON and its figures (400, saying where), stored by
 * {@link PartnerReports}. A receipt that reports impressions for a push marks the push's webhooks to this partner that
 * are SENT, and their delivery records, DELIVERED: the partner has shown the warning to someone.
 */
@Service
public class PartnerReceipts {

    static final int MAX_WEBHOOK_ID = 256;
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final PartnerSettings settings;
    private final PartnerReports reports;
    private final PartnerWebhookStore webhooks;
    private final Deliveries deliveries;
    private final Clock clock;
    private final Duration tolerance;
    private final long maxSize;

    PartnerReceipts(PartnerSettings settings, PartnerReports reports, PartnerWebhookStore webhooks, Deliveries deliveries, Clock clock,
                    @Value("${qiandai.channels.partner-receipts.tolerance:5m}") Duration tolerance,
                    @Value("${qiandai.channels.partner-receipts.max-size:1MB}") DataSize maxSize) {
        this.settings = settings;
        this.reports = reports;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.clock = clock;
        this.tolerance = tolerance;
        this.maxSize = maxSize.toBytes();
    }

    /** The largest body accepted, in bytes. */
    public long maxSize() {
        return maxSize;
    }

    /**
     * Checks and records one receipt as it came: the three Standard Webhooks headers and the raw body.
     *
     * @throws PartnerReceiptRefusedException saying why, with nothing changed
     */
    public ReceiptOutcome receive(String partnerName, String webhookId, String webhookTimestamp, String webhookSignature, byte[] body) {
        Partner partner = settings.get(partnerName)
                .orElseThrow(() -> new PartnerReceiptRefusedException(Kind.NOT_FOUND, "no partner '" + partnerName + "' is configured"));
        if (body != null && body.length > maxSize) {
            throw new PartnerReceiptRefusedException(Kind.TOO_LARGE, "the receipt has " + body.length + " bytes; at most " + maxSize
                    + " are accepted (qiandai.channels.partner-receipts.max-size)");
        }
        byte[] bytes = body == null ? new byte[0] : body;
        Instant sentAt = verify(partner, webhookId, webhookTimestamp, webhookSignature, bytes);
        if (reports.seen(partner.name(), webhookId)) {
            return new ReceiptOutcome(webhookId, null, true, 0, 0, 0);
        }
        PartnerReceipt receipt = parse(partner.name(), webhookId, sentAt, bytes);
        ReceiptOutcome outcome;
        try {
            outcome = reports.record(receipt);
        } catch (PartnerReportRejectedException e) {
            throw new PartnerReceiptRefusedException(Kind.INVALID, e.getMessage());
        }
        if (!outcome.duplicate() && receipt.reports().stream().anyMatch(l -> l.impressions() > 0)) {
            for (String id : webhooks.markDelivered(partner.name(), receipt.pushId(), clock.instant())) {
                deliveries.markDelivered(id);
            }
        }
        return outcome;
    }

    private Instant verify(Partner partner, String id, String timestamp, String signature, byte[] body) {
        if (id == null || id.isBlank() || timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            throw unauthorized("webhook-id, webhook-timestamp and webhook-signature headers are required (Standard Webhooks)");
        }
        if (id.length() > MAX_WEBHOOK_ID) {
            throw unauthorized("webhook-id has more than " + MAX_WEBHOOK_ID + " characters");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw unauthorized("webhook-timestamp '" + timestamp + "' is not a Unix time in seconds");
        }
        Instant sentAt = Instant.ofEpochSecond(seconds);
        Duration off = Duration.between(sentAt, clock.instant()).abs();
        if (off.compareTo(tolerance) > 0) {
            throw unauthorized("webhook-timestamp " + seconds + " is " + off.toSeconds() + " s from our clock; at most " + tolerance.toSeconds()
                    + " s is accepted");
        }
        if (!partner.signer().verify(id, seconds, body, signature)) {
            throw unauthorized("webhook-signature does not match: sign \"<webhook-id>.<webhook-timestamp>.<body>\" with HMAC-SHA256 and partner "
                    + partner.name() + "'s secret, and send v1,<base64>");
        }
        return sentAt;
    }

    private static PartnerReceiptRefusedException unauthorized(String message) {
        return new PartnerReceiptRefusedException(Kind.UNAUTHORIZED, message);
    }

    /** The receipt's JSON, read strictly: {@code {"pushId": "…", "reports": [{"district", "impressions", "uniqueUsers", "date"}]}}. */
    static PartnerReceipt parse(String partner, String webhookId, Instant sentAt, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw invalid("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw invalid("the body must be a JSON object {\"pushId\": \"…\", \"reports\": [{\"district\", \"impressions\", \"uniqueUsers\", \"date\"}]}");
        }
        JsonNode pushId = root.get("pushId");
        if (pushId == null || pushId.isNull()) {
            throw invalid("pushId is required");
        }
        if (!pushId.isString()) {
            throw invalid("pushId must be a string");
        }
        JsonNode lines = root.get("reports");
        if (lines == null || !lines.isArray()) {
            throw invalid("reports must be an array of {\"district\", \"impressions\", \"uniqueUsers\", \"date\"}");
        }
        List<PartnerReceipt.Line> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String where = "reports[" + i + "]";
            if (!line.isObject()) {
                throw invalid(where + " must be an object {\"district\", \"impressions\", \"uniqueUsers\", \"date\"}");
            }
            JsonNode district = line.get("district");
            if (district == null || !district.isString()) {
                throw invalid(where + ".district must be a string such as 东河区");
            }
            long impressions = count(line, where, "impressions");
            long uniqueUsers = count(line, where, "uniqueUsers");
            JsonNode date = line.get("date");
            if (date == null || !date.isString()) {
                throw invalid(where + ".date must be a string yyyy-MM-dd");
            }
            LocalDate day;
            try {
                day = LocalDate.parse(date.asString());
            } catch (DateTimeParseException e) {
                throw invalid(where + ".date '" + date.asString() + "' is not a date written yyyy-MM-dd");
            }
            parsed.add(new PartnerReceipt.Line(district.asString(), impressions, uniqueUsers, day));
        }
        return new PartnerReceipt(partner, webhookId, sentAt, pushId.asString(), parsed, new String(body, StandardCharsets.UTF_8));
    }

    private static long count(JsonNode line, String where, String field) {
        JsonNode n = line.get(field);
        if (n == null || n.isNull()) {
            throw invalid(where + "." + field + " is required (a whole number ≥ 0)");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw invalid(where + "." + field + ": " + n + " is not a whole number");
        }
        return n.asLong();
    }

    private static PartnerReceiptRefusedException invalid(String message) {
        return new PartnerReceiptRefusedException(Kind.INVALID, message);
    }
}
