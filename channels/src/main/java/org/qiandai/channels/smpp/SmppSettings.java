package org.qiandai.channels.smpp;

import java.time.Duration;

import org.qiandai.channels.Settings;
import org.springframework.core.env.Environment;

/**
 * {@code qiandai.channels.smpp.*}: {@code enabled} (false), {@code host}, {@code port} (2775), {@code system-id},
 * {@code password}, {@code system-type} (empty), {@code source-address} (the sender number or name the carrier
 * assigned), {@code rate} (messages a second, 10), {@code window} (submit_sm in flight at once, 10),
 * {@code response-timeout} (10 s: a submit without a response by then is UNKNOWN), {@code rebind-delay} (2 s between
 * bind attempts after a dropped connection) and {@code enquire-link} (30 s).
 */
public record SmppSettings(boolean enabled, String host, int port, String systemId, String password, String systemType, String sourceAddress,
                           double rate, int window, Duration responseTimeout, Duration rebindDelay, Duration enquireLink) {

    static final String PREFIX = "qiandai.channels.smpp.";
    static final int MAX_WINDOW = 1000;

    /** The settings, checked when enabled. @throws Settings.Invalid naming the option that is wrong */
    public static SmppSettings from(Environment env) {
        SmppSettings s = read(env);
        if (s.enabled()) {
            String whenEnabled = "required while " + PREFIX + "enabled=true";
            if (s.host() == null) {
                throw new Settings.Invalid(PREFIX + "host", whenEnabled);
            }
            if (s.port() < 1 || s.port() > 65535) {
                throw new Settings.Invalid(PREFIX + "port", "must be 1–65535, not " + s.port());
            }
            if (s.systemId() == null) {
                throw new Settings.Invalid(PREFIX + "system-id", whenEnabled);
            }
            if (s.sourceAddress() == null) {
                throw new Settings.Invalid(PREFIX + "source-address", whenEnabled);
            }
            if (s.window() < 1 || s.window() > MAX_WINDOW) {
                throw new Settings.Invalid(PREFIX + "window", "must be 1–" + MAX_WINDOW + ", not " + s.window());
            }
        }
        return s;
    }

    /** The settings as written, unchecked. */
    static SmppSettings read(Environment env) {
        return new SmppSettings(env.getProperty(PREFIX + "enabled", Boolean.class, false), text(env, "host"),
                env.getProperty(PREFIX + "port", Integer.class, 2775), text(env, "system-id"), env.getProperty(PREFIX + "password"),
                env.getProperty(PREFIX + "system-type", "").strip(), text(env, "source-address"),
                env.getProperty(PREFIX + "rate", Double.class, 10.0), env.getProperty(PREFIX + "window", Integer.class, 10),
                duration(env, "response-timeout", "10s"), duration(env, "rebind-delay", "2s"), duration(env, "enquire-link", "30s"));
    }

    private static String text(Environment env, String key) {
        return Settings.text(env, PREFIX + key);
    }

    private static Duration duration(Environment env, String key, String fallback) {
        return Settings.duration(env, PREFIX + key, fallback);
    }

    @Override
    public String toString() {
        return "SmppSettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", systemId=" + systemId + ", password="
                + (password == null ? "not set" : "set") + ", sourceAddress=" + sourceAddress + ", rate=" + rate + ", window=" + window + "]";
    }
}
