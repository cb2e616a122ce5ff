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
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.qiandai.campaign.templates.PartnerChannels;
import org.qiandai.campaign.templates.WarningChannel;
import org.qiandai.channels.Settings;
import org.qiandai.channels.settings.ChannelOverrides;
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
 * it ({@link PartnerChannels}). Which partners exist is the configuration's; an administrator may change a configured
 * partner's {@code enabled}, {@code url}, {@code rate} and {@code secret} while the application runs
 * ({@link PartnerDefinition}): they are read from {@link ChannelOverrides}, again after each change.
 */
@Component
public class PartnerSettings implements PartnerChannels {

    static final String PREFIX = "qiandai.channels.partners";
    private static final Logger log = LoggerFactory.getLogger(PartnerSettings.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
    private static final Set<String> RESERVED = Set.of("sms", "mms", "offline", "ride-hailing", "food-delivery", "partner-card");

    private final Supplier<Map<String, Partner>> partners;

    @Autowired
    PartnerSettings(ChannelOverrides overrides) {
        this.partners = overrides.reading(PartnerSettings::checked);
        partners.get(); // a wrong setting stops the start
    }

    /** The partners of this environment, for good (tests, tools). */
    PartnerSettings(Environment environment) {
        this(bind(environment));
    }

    PartnerSettings(Map<String, Properties> configured) {
        Map<String, Partner> checked = checked(configured);
        this.partners = () -> checked;
    }

    /** Each partner's settings as bound from {@code environment}, by name. */
    static Map<String, Properties> bind(Environment environment) {
        return Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, Properties.class)).orElse(Map.of());
    }

    private static Map<String, Partner> checked(Environment environment) {
        return checked(bind(environment));
    }

    private static Map<String, Partner> checked(Map<String, Properties> configured) {
        Map<String, Partner> checked = new LinkedHashMap<>();
        new TreeMap<>(configured).forEach((name, p) -> checked.put(name, check(name, p)));
        checked.values().forEach(p -> log.info("Partner channel '{}' ({}{}): {} at {} webhooks/s", p.name(),
                p.kind() == null ? "any kind" : p.kind().id(), p.enabled() ? "" : ", disabled", p.url(), p.rate() == 0 ? "unlimited" : p.rate()));
        return Map.copyOf(checked);
    }

    public Optional<Partner> get(String name) {
        return Optional.ofNullable(name == null ? null : partners.get().get(name));
    }

    /** Every configured partner, by name. */
    public Collection<Partner> all() {
        return new TreeMap<>(partners.get()).values();
    }

    public List<Partner> enabled() {
        return all().stream().filter(Partner::enabled).toList();
    }

    @Override
    public Map<String, Set<WarningChannel>> warningsShown() {
        Map<String, Set<WarningChannel>> shown = new LinkedHashMap<>();
        partners.get().forEach((name, p) -> shown.put(name, p.warningsShown()));
        return shown;
    }

    static Partner check(String name, Properties p) {
        String where = PREFIX + "." + name;
        if (!NAME.matcher(name).matches() || RESERVED.contains(name) || name.startsWith("sms-")) {
            throw new IllegalStateException(where + ": a partner's name is its channel id: lower-case letters, digits and '-' (up to 41), "
                    + "not starting with sms- and not one of " + RESERVED.stream().sorted().toList());
        }
        WarningChannel kind = null;
        if (p.getKind() != null && !p.getKind().isBlank()) {
            kind = WarningChannel.of(p.getKind()).filter(k -> k == WarningChannel.RIDE_HAILING || k == WarningChannel.FOOD_DELIVERY)
                    .orElseThrow(() -> new Settings.Invalid(where + ".kind", "'" + p.getKind() + "' is not ride-hailing or food-delivery"));
        }
        URI url = null;
        if (p.getUrl() != null && !p.getUrl().isBlank()) {
            try {
                url = new URI(p.getUrl().strip());
            } catch (URISyntaxException e) {
                throw new Settings.Invalid(where + ".url", "'" + p.getUrl() + "' is not a URL: " + e.getReason());
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
                throw new Settings.Invalid(where + ".url", "'" + p.getUrl() + "' must be an https:// (or, for tests, http://) URL with a host");
            }
        } else if (p.isEnabled()) {
            throw new Settings.Invalid(where + ".url", "required (the partner's webhook endpoint), or set " + where + ".enabled=false");
        }
        if (p.getSecret() == null || p.getSecret().isEmpty()) {
            throw new Settings.Invalid(where + ".secret", "required: it signs our webhooks and checks the partner's receipts");
        }
        WebhookSigner signer;
        try {
            signer = WebhookSigner.of(p.getSecret());
        } catch (IllegalArgumentException e) {
            throw new Settings.Invalid(where + ".secret", e.getMessage());
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
            throw new Settings.Invalid(where + ".max-attempts", p.getMaxAttempts() + " is not between 1 and 100");
        }
        return new Partner(name, kind, p.isEnabled(), url, signer, rate, p.getConnectTimeout(), p.getTimeout(), p.getMaxAttempts(),
                p.getRetryDelay(), p.getMaxRetryDelay());
    }

    /** {@code 5} or {@code 5/s} per second, {@code 30/m} per minute, {@code 100/h} per hour; 0 for no limit. */
    static double rate(String where, String value) {
        return Settings.rate(where + ".rate", value);
    }

    private static void positive(String where, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new Settings.Invalid(where, "must be a positive duration such as 10s");
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
