package org.qiandai.campaign.warnings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

import org.qiandai.campaign.contacts.PhoneCrypto;
import org.qiandai.campaign.contacts.PhoneNumber;
import org.qiandai.campaign.templates.FraudSigns;

/**
 * The checks every lead passes, whichever way it came: a Chinese phone number, a district, a known source, a
 * detection time not in the future (five minutes of clock difference allowed), an age of 0–120, an amount at risk of
 * at least 0, texts within their lengths. A refusal names the field.
 */
final class LeadChecks {

    static final int MAX_ID = 100;
    static final int MAX_TEXT = 50;
    static final int MAX_NOTE = 500;
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\p{L}\\p{N}._:/#@+-]{1," + MAX_ID + "}");

    private final PhoneCrypto crypto;
    private final ZoneId zone;

    LeadChecks(PhoneCrypto crypto, ZoneId zone) {
        this.crypto = crypto;
        this.zone = zone;
    }

    /** The checked lead, or a {@link LeadRejectedException} naming the first field refused. */
    Lead check(LeadDraft d, String sender, LeadVia via, Instant now) {
        if (d == null) {
            throw new LeadRejectedException(null, "the lead is empty");
        }
        String externalId = d.externalId() == null || d.externalId().isBlank() ? "gen-" + UUID.randomUUID() : d.externalId().strip();
        if (!EXTERNAL_ID.matcher(externalId).matches()) {
            throw new LeadRejectedException("externalId", "'" + cut(externalId) + "' must be 1–" + MAX_ID
                    + " letters, digits or . _ : / # @ + -");
        }
        PhoneNumber phone = phone("phone", d.phone());
        PhoneNumber relative = d.relativePhone() == null || d.relativePhone().isBlank() ? null : phone("relativePhone", d.relativePhone());
        if (relative != null && relative.e164().equals(phone.e164())) {
            throw new LeadRejectedException("relativePhone", "is the person's own number");
        }
        String district = text("district", d.district());
        if (district == null) {
            throw new LeadRejectedException("district", "is required: the officers who serve it are given the tasks");
        }
        LeadSource source;
        try {
            source = LeadSource.parse(d.source());
        } catch (IllegalArgumentException e) {
            throw new LeadRejectedException("source", e.getMessage());
        }
        String fraudType = text("fraudType", d.fraudType());
        Instant detectedAt = detectedAt(d.detectedAt(), now);
        if (d.age() != null && (d.age() < 0 || d.age() > 120)) {
            throw new LeadRejectedException("age", d.age() + " is not an age (0–120)");
        }
        BigDecimal amount = d.amountAtRisk();
        checkAmount("amountAtRisk", amount);
        String language = d.language() == null || d.language().isBlank() ? "zh-CN" : d.language().strip();
        if (!language.equals("zh-CN") && !language.equals("en")) {
            throw new LeadRejectedException("language", "'" + cut(language) + "' is not one of zh-CN, en");
        }
        String note = d.note() == null || d.note().isBlank() ? null : d.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            throw new LeadRejectedException("note", "has " + note.length() + " characters; at most " + MAX_NOTE);
        }
        return new Lead(sender + ":" + externalId, externalId, sender, via, source, crypto.hash(phone.e164()), crypto.encrypt(phone.e164()),
                phone.masked(), phone.mobile(), relative == null ? null : crypto.encrypt(relative.e164()), relative == null ? null : relative.masked(),
                district, fraudType == null ? null : FraudSigns.canonical(fraudType), detectedAt, now, d.age(), gender(d.gender()),
                text("occupation", d.occupation()), amount, language, note);
    }

    /** A sum of money in yuan: at least 0, at most two decimals, below a trillion. */
    static void checkAmount(String field, BigDecimal amount) {
        if (amount == null) {
            return;
        }
        if (amount.signum() < 0) {
            throw new LeadRejectedException(field, amount.toPlainString() + " is below 0");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new LeadRejectedException(field, amount.toPlainString() + " has more than two decimals (yuan and fen)");
        }
        if (amount.compareTo(BigDecimal.valueOf(1_000_000_000_000L)) >= 0) {
            throw new LeadRejectedException(field, amount.toPlainString() + " is not a plausible amount in yuan");
        }
    }

    private static PhoneNumber phone(String field, String text) {
        try {
            return PhoneNumber.parse(text);
        } catch (PhoneNumber.Invalid e) {
            throw new LeadRejectedException(field, e.getMessage());
        }
    }

    private Instant detectedAt(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return now;
        }
        Instant at = parseTime(text.strip());
        if (at == null) {
            throw new LeadRejectedException("detectedAt", "'" + cut(text) + "' is not a time such as 2026-12-01T10:00:00+08:00 "
                    + "(or 2026-12-01 10:00 in the bureau's zone)");
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw new LeadRejectedException("detectedAt", text.strip() + " is in the future");
        }
        return at;
    }

    private static final java.time.format.DateTimeFormatter SLASHED = java.time.format.DateTimeFormatter.ofPattern("y/M/d H:mm[:ss]");

    /** ISO-8601 with an offset; or a local time (2026-12-01T10:00, 2026-12-01 10:00:00, 2026/12/1 10:00) in the bureau's zone. */
    private Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text.replaceFirst(" ", "T")).toInstant();
        } catch (DateTimeParseException e) {
            // a local time
        }
        try {
            return LocalDateTime.parse(text.replaceFirst(" ", "T")).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // another form
        }
        try {
            return LocalDateTime.parse(text, SLASHED).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip().replaceAll("\\s+", " ");
        if (s.length() > MAX_TEXT) {
            throw new LeadRejectedException(field, "has " + s.length() + " characters; at most " + MAX_TEXT);
        }
        return s;
    }

    private static String gender(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip();
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "男", "男性", "m", "male" -> "男";
            case "女", "女性", "f", "female" -> "女";
            default -> throw new LeadRejectedException("gender", "'" + cut(s) + "' is not 男 or 女");
        };
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
