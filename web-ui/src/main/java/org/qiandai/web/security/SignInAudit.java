package org.qiandai.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.qiandai.campaign.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Sign-ins in the audit trail (object type {@code user}, the username tried). A page session signs in once; an API
 * client with HTTP Basic signs in with every request, so its successes are recorded once per user and address each
 * {@link #BASIC_INTERVAL} — its failures always.
 */
@Component
class SignInAudit {

    static final Duration BASIC_INTERVAL = Duration.ofHours(1);
    private static final int MAX_REMEMBERED = 10_000;

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Instant> lastBasic = new ConcurrentHashMap<>();

    SignInAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void succeeded(String username, ClientDetails client) {
        username = cut(username);
        if (!client.form()) {
            Instant now = clock.instant();
            Instant last = lastBasic.get(username + "@" + client.address());
            if (last != null && last.plus(BASIC_INTERVAL).isAfter(now)) {
                return;
            }
            if (lastBasic.size() >= MAX_REMEMBERED) {
                lastBasic.clear();
            }
            lastBasic.put(username + "@" + client.address(), now);
        }
        audit.record(username, "auth.success", "user", username, client.form() ? "form" : "basic", client.address());
    }

    void failed(String username, ClientDetails client, String reason) {
        username = cut(username);
        audit.record(username, "auth.failure", "user", username, (client.form() ? "form" : "basic") + ": " + reason, client.address());
    }

    void signedOut(String username, String address) {
        audit.record(username, "auth.logout", "user", username, null, address);
    }

    void locked(String username, ClientDetails client) {
        username = cut(username);
        audit.record(username, "auth.locked", "user", username, (client.form() ? "form" : "basic") + ": too many failed sign-ins",
                client.address());
    }

    /** A username as tried: anything a client sent, so cut to the longest a username may be. */
    private static String cut(String username) {
        return username == null ? "" : username.length() > 32 ? username.substring(0, 32) + "…" : username;
    }
}
