package org.qiandai.web.channels;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.qiandai.channels.settings.ChannelSettings;
import org.qiandai.channels.settings.ChannelSettingsChange;
import org.qiandai.channels.settings.ChannelSettingsRejectedException;
import org.qiandai.channels.settings.ChannelSettingsRejectedException.Reason;
import org.qiandai.channels.settings.ChannelSettingsView;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code ADMIN} reads and changes the channels' settings: {@code GET /api/channels/settings} (every channel),
 * {@code GET|PUT|DELETE /api/channels/settings/{channel}}. A PUT body names settings by their option name under the
 * channel's prefix ({@code {"enabled": true, "rate": 20, "auth-token": "…"}}; camelCase names and the GET answer's
 * {@code settings} and {@code secrets} objects are read too); secrets are answered as {@code set} or {@code not set} only.
 */
@RestController
@RequestMapping("/api/channels/settings")
@PreAuthorize("hasRole('ADMIN')")
class ChannelSettingsApiController {

    /** The GET answer's fields that are not settings: skipped when a client sends the answer back. */
    private static final Set<String> READ_ONLY = Set.of("channel", "kind", "prefix", "sources", "updatedBy", "updatedAt");

    private final ChannelSettings settings;

    ChannelSettingsApiController(ChannelSettings settings) {
        this.settings = settings;
    }

    @GetMapping
    List<ChannelSettingsView> list() {
        return settings.list();
    }

    @GetMapping("/{channel}")
    ChannelSettingsView one(@PathVariable String channel) {
        return settings.get(channel).orElseThrow(() -> new ChannelSettingsRejectedException(Reason.NOT_FOUND, null, "no channel '" + channel
                + "' has settings here; the channels are " + settings.list().stream().map(ChannelSettingsView::channel).toList()));
    }

    @PutMapping("/{channel}")
    ChannelSettingsView change(@PathVariable String channel, @RequestBody Map<String, Object> body, Authentication auth, HttpServletRequest request) {
        return settings.change(channel, change(body), auth.getName(), request.getRemoteAddr());
    }

    /** Removes every stored value of the channel, secrets included: the configuration's are in force again. */
    @DeleteMapping("/{channel}")
    ChannelSettingsView reset(@PathVariable String channel, Authentication auth, HttpServletRequest request) {
        return settings.reset(channel, auth.getName(), request.getRemoteAddr());
    }

    /**
     * The body as a change by option name: nested {@code settings} and {@code secrets} flattened, camelCase names as
     * kebab-case. So that a GET answer sent back changes nothing by mistake, its read-only fields are skipped and a
     * secret given as {@code "set"} or {@code "not set"} (what GET answers) keeps the secret.
     */
    static ChannelSettingsChange change(Map<String, Object> body) {
        Map<String, String> values = new LinkedHashMap<>();
        body.forEach((key, value) -> {
            if ((key.equals("settings") || key.equals("secrets")) && value instanceof Map<?, ?> nested) {
                boolean secrets = key.equals("secrets");
                nested.forEach((k, v) -> put(values, String.valueOf(k),
                        secrets && (ChannelSettingsView.SET.equals(v) || ChannelSettingsView.NOT_SET.equals(v)) ? "" : v));
            } else if (!READ_ONLY.contains(key)) {
                put(values, key, value);
            }
        });
        return new ChannelSettingsChange(values);
    }

    private static void put(Map<String, String> values, String key, Object value) {
        String name = kebab(key);
        if (values.containsKey(name)) {
            throw invalid(name, "is given twice");
        }
        values.put(name, text(name, value));
    }

    private static String kebab(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String text(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        throw invalid(name, "must be a string, a number, true or false (or null for the configuration's value)");
    }

    private static ChannelSettingsRejectedException invalid(String field, String problem) {
        return new ChannelSettingsRejectedException(Reason.INVALID, field, field + ": " + problem);
    }

    /** The status a refusal answers with. */
    static HttpStatus status(ChannelSettingsRejectedException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
    }
}
