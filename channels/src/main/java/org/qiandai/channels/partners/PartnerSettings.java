package org.qiandai.channels.partners;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.qiandai.campaign.templates.PartnerChannels;
import org.qiandai.campaign.templates.WarningChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The partners configured under {@code qiandai.channels.partners.<name>}, checked at start-up: a wrong setting stops
 * the application with a message naming it. Each partner's name is its channel id, so campaigns and pushes may name
 * it ({@link PartnerChannels}).
 */
@Component
public class PartnerSettings implements PartnerChannels {

    static final String PREFIX = "qiandai.channels.partners";
    private static final Logger log = LoggerFactory.getLogger(PartnerSettings.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
    private static final Pattern RATE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|m|h))?\\s*");
    private static final Set<String> RESERVED = Set.of("sms", "mms", "offline", "ride-hailing", "food-delivery", "partner-card");

    private final Map<String, Partner> partners;

    @Autowired
    PartnerSettings(Environment environment) {
        this(Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, Properties.class)).orElse(Map.of()));
    }

    PartnerSettings(Map<String, Properties> configured) {
        Map<String, Partner> checked = new LinkedHashMap<>();
        new TreeMap<>(configured).forEach((name, p) -> checked.put(name, check(name, p)));
        this.partners = Map.copyOf(checked);
        checked.values().forEach(p -> log.info("Partner channel '{}' ({}{}): {} at {} webhooks/s", p.name(),
                p.kind() == null ? "any kind" : p.kind().id(), p.enabled() ? "" : ", disabled", p.url(), p.rate() == 0 ? "unlimited" : p.rate()));
    }

    public Optional<Partner> get(String name) {
        return Optional.ofNullable(name == null ? null : partners.get(name));
    }

    /** Every configured partner, by name. */
    public Collection<Partner> all() {
        return new TreeMap<>(partners).values();
    }

    public List<Partner> enabled() {
        return all().stream().filter(Partner::enabled).toList();
    }

    @Override
    public Map<String, Set<WarningChannel>> warningsShown() {
        Map<String, Set<WarningChannel>> shown = new LinkedHashMap<>();
        partners.forEach((name, p) -> shown.put(name, p.warningsShown()));
        return shown;
    }

    private static Partner check(String name, Properties p) {
        String where = PREFIX + "." + name;
        if (!NAME.matcher(name).matches() || RESERVED.contains(name) || name.startsWith("sms-")) {
            throw new IllegalStateException(where + ": a partner's name is its channel id: lower-case letters, digits and '-' (up to 41), "
                    + "not starting with sms- and not one of " + RESERVED.stream().sorted().toList());
        }
        WarningChannel kind = null;
        if (p.getKind() != null && !p.getKind().isBlank()) {
            kind = WarningChannel.of(p.getKind()).filter(k -> k == WarningChannel.RIDE_HAILING || k == WarningChannel.FOOD_DELIVERY)
                    .orElseThrow(() -> new IllegalStateException(where + ".kind: '" + p.getKind() + "' is not ride-hailing or food-delivery"));
        }
        URI url = null;
        if (p.getUrl() != null && !p.getUrl().isBlank()) {
            try {
                url = new URI(p.getUrl().strip());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(where + ".url: '" + p.getUrl() + "' is not a URL: " + e.getMessage());
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
                throw new IllegalStateException(where + ".url: '" + p.getUrl() + "' must be an https:// (or, for tests, http://) URL with a host");
            }
        } else if (p.isEnabled()) {
            throw new IllegalStateException(where + ".url is required (the partner's webhook endpoint), or set " + where + ".enabled=false");
        }
        if (p.getSecret() == null || p.getSecret().isEmpty()) {
            throw new IllegalStateException(where + ".secret is required: it signs our webhooks and checks the partner's receipts");
        }
        WebhookSigner signer;
        try {
            signer = WebhookSigner.of(p.getSecret());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ".secret: " + e.getMessage());
        }
        if (signer.keyLength() < 24) {
            log.warn("{}.secret has {} bytes; Standard Webhooks asks for 24 to 64 random bytes (whsec_<base64>)", where, signer.keyLength());
        }
        double rate = rate(where, p.getRate());
        positive(where + ".connect-timeout", p.getConnectTimeout());
        positive(where + ".timeout", p.getTimeout());
        positive(where + ".retry-delay", p.getRetryDelay());
        positive(where + ".max-retry-delay", p.getMaxRetryDelay());
        if (p.getMaxAttempts() < 1 || p.getMaxAttempts() > 100) {
            throw new IllegalStateException(where + ".max-attempts: " + p.getMaxAttempts() + " is not between 1 and 100");
        }
        return new Partner(name, kind, p.isEnabled(), url, signer, rate, p.getConnectTimeout(), p.getTimeout(), p.getMaxAttempts(),
                p.getRetryDelay(), p.getMaxRetryDelay());
    }

    /** {@code 5} or {@code 5/s} per second, {@code 30/m} per minute, {@code 100/h} per hour; 0 for no limit. */
    static double rate(String where, String value) {
        Matcher m = RATE.matcher(value == null ? "" : value);
        if (!m.matches()) {
            throw new IllegalStateException(where + ".rate: '" + value + "' is not webhooks per second (e.g. 2, 2/s, 30/m or 100/h; 0 for no limit)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> n / 60;
            case "h" -> n / 3600;
            default -> n;
        };
    }

    private static void positive(String where, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalStateException(where + " must be a positive duration such as 10s");
        }
    }

    /** One partner's settings as bound from configuration (defaults here). */
    public static class Properties {
        private String kind;
        private boolean enabled = true;
        private String url;
        private String secret;
        private String rate = "1";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(10);
        private int maxAttempts = 5;
        private Duration retryDelay = Duration.ofSeconds(30);
        private Duration maxRetryDelay = Duration.ofMinutes(30);

        public String getKind() { return kind; }
        public void setKind(String kind) { this.kind = kind; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getRate() { return rate; }
        public void setRate(String rate) { this.rate = rate; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getRetryDelay() { return retryDelay; }
        public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
        public Duration getMaxRetryDelay() { return maxRetryDelay; }
        public void setMaxRetryDelay(Duration maxRetryDelay) { this.maxRetryDelay = maxRetryDelay; }
    }
}
