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

    public static SmppSettings from(Environment env) {
        SmppSettings s = new SmppSettings(env.getProperty(PREFIX + "enabled", Boolean.class, false), env.getProperty(PREFIX + "host"),
                env.getProperty(PREFIX + "port", Integer.class, 2775), env.getProperty(PREFIX + "system-id"), env.getProperty(PREFIX + "password"),
                env.getProperty(PREFIX + "system-type", ""), env.getProperty(PREFIX + "source-address"),
                env.getProperty(PREFIX + "rate", Double.class, 10.0), env.getProperty(PREFIX + "window", Integer.class, 10),
                duration(env, "response-timeout", "10s"), duration(env, "rebind-delay", "2s"), duration(env, "enquire-link", "30s"));
        if (s.enabled()) {
            if (blank(s.host()) || blank(s.systemId()) || blank(s.sourceAddress())) {
                throw new IllegalStateException(PREFIX + "host, " + PREFIX + "system-id and " + PREFIX + "source-address are required when "
                        + PREFIX + "enabled=true");
            }
            if (s.window() < 1 || s.window() > 1000) {
                throw new IllegalStateException(PREFIX + "window must be 1–1000, not " + s.window());
            }
        }
        return s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
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
