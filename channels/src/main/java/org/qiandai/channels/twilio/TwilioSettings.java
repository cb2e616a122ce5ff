package org.qiandai.channels.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import org.qiandai.channels.Settings;
import org.springframework.core.env.Environment;

/**
 * {@code qiandai.channels.twilio.*}: {@code enabled} (false), {@code account-sid}, {@code auth-token}, {@code from}
 * (a number in E.164) or {@code messaging-service-sid} (which wins when both are set), {@code base-url} (the API host,
 * {@code https://api.twilio.com}; an on-premises relay or a test's stand-in), {@code rate} (messages a second, 10),
 * {@code window} (requests in flight, 4), {@code connect-timeout} (5 s), {@code read-timeout} (30 s: a request
 * without an answer by then is UNKNOWN), {@code reconcile-after} (30 m in SENT without a callback before the message
 * is fetched) and {@code reconcile-every} (5 m). Callbacks are addressed to {@code qiandai.public-base-url}.
 */
public record TwilioSettings(boolean enabled, String accountSid, String authToken, String from, String messagingServiceSid, String baseUrl,
                             double rate, int window, Duration connectTimeout, Duration readTimeout, Duration reconcileAfter,
                             Duration reconcileEvery, String publicBaseUrl) {

    public static final String STATUS_PATH = "/api/channels/twilio/status";
    public static final String INBOUND_PATH = "/api/channels/twilio/inbound";
    static final String PREFIX = "qiandai.channels.twilio.";
    static final int MAX_WINDOW = 100;

    /** The settings, checked when enabled. @throws Settings.Invalid naming the option that is wrong */
    public static TwilioSettings from(Environment env) {
        TwilioSettings s = read(env);
        if (s.enabled()) {
            s.check();
        }
        return s;
    }

    /** The settings as written, unchecked. */
    static TwilioSettings read(Environment env) {
        return new TwilioSettings(env.getProperty(PREFIX + "enabled", Boolean.class, false),
                text(env, "account-sid"), text(env, "auth-token"), text(env, "from"), text(env, "messaging-service-sid"),
                env.getProperty(PREFIX + "base-url", "https://api.twilio.com").strip(),
                env.getProperty(PREFIX + "rate", Double.class, 10.0), env.getProperty(PREFIX + "window", Integer.class, 4),
                duration(env, "connect-timeout", "5s"), duration(env, "read-timeout", "30s"),
                duration(env, "reconcile-after", "30m"), duration(env, "reconcile-every", "5m"),
                env.getProperty("qiandai.public-base-url", "http://localhost:8080"));
    }

    private void check() {
        String whenEnabled = "required while " + PREFIX + "enabled=true";
        if (accountSid == null) {
            throw new Settings.Invalid(PREFIX + "account-sid", whenEnabled);
        }
        if (authToken == null) {
            throw new Settings.Invalid(PREFIX + "auth-token", whenEnabled);
        }
        if (from == null && messagingServiceSid == null) {
            throw new Settings.Invalid(PREFIX + "from", whenEnabled + ", unless " + PREFIX + "messaging-service-sid is set");
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new Settings.Invalid(PREFIX + "window", "must be 1–" + MAX_WINDOW + ", not " + window);
        }
        URI base;
        try {
            base = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new Settings.Invalid(PREFIX + "base-url", "'" + baseUrl + "' is not a URL: " + e.getReason());
        }
        if (base.getScheme() == null || base.getHost() == null) {
            throw new Settings.Invalid(PREFIX + "base-url", "'" + baseUrl + "' is not an absolute http(s) URL");
        }
    }

    private static String text(Environment env, String key) {
        return Settings.text(env, PREFIX + key);
    }

    private static Duration duration(Environment env, String key, String fallback) {
        return Settings.duration(env, PREFIX + key, fallback);
    }

    /** The StatusCallback every message carries: the public base URL and {@value #STATUS_PATH}. */
    public String statusCallbackUrl() {
        return stripSlash(publicBaseUrl) + STATUS_PATH;
    }

    /** The URL Twilio signs for a request to {@code path} with this query string (null for none). */
    public String publicUrl(String path, String query) {
        return stripSlash(publicBaseUrl) + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "TwilioSettings[enabled=" + enabled + ", accountSid=" + accountSid + ", authToken=" + (authToken == null ? "not set" : "set")
                + ", from=" + from + ", messagingServiceSid=" + messagingServiceSid + ", baseUrl=" + baseUrl + ", rate=" + rate + "]";
    }
}
