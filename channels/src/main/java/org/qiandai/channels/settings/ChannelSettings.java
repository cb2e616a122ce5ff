package org.qiandai.channels.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.contacts.SecretSealer;
import org.qiandai.channels.Settings;
import org.qiandai.channels.settings.ChannelSettingsRejectedException.Reason;
import org.qiandai.channels.settings.ChannelSettingsStore.Stored;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * What an administrator sees and changes of the channels' settings ({@code /channels/settings}): every channel with the
 * values in force and its secrets as set or not set only; a change is checked (each value by its type, then the
 * channel's settings as a whole, as at start-up), stored in {@code channel_settings} (secrets sealed with
 * {@link SecretSealer}), recorded in the audit trail (who, which channel, what changed, from where; a secret only as
 * "set"), and put in force at once ({@link ChannelOverrides#refresh()}: the channel's sender or partner thread takes it
 * up before the change answers).
 */
@Service
public class ChannelSettings {

    /** Longest value or secret accepted, in characters. */
    static final int MAX_LENGTH = 500;
    /** The audit trail's action for a change and for a reset, about object type {@value #AUDIT_OBJECT} with the channel's name. */
    public static final String CHANGE_ACTION = "channel.settings.change";
    public static final String RESET_ACTION = "channel.settings.reset";
    public static final String AUDIT_OBJECT = "channel";
    private static final int ATTEMPTS = 5;

    private final ChannelOverrides overrides;
    private final ChannelSettingsStore store;
    private final SecretSealer sealer;
    private final AuditLog audit;
    private final Clock clock;

    ChannelSettings(ChannelOverrides overrides, ChannelSettingsStore store, SecretSealer sealer, AuditLog audit, Clock clock) {
        this.overrides = overrides;
        this.store = store;
        this.sealer = sealer;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every channel that may be changed: Twilio, SMPP, then the configured partners. */
    public List<ChannelSettingsView> list() {
        return overrides.definitions().stream().map(this::view).toList();
    }

    public Optional<ChannelSettingsView> get(String channel) {
        return overrides.definition(channel).map(this::view);
    }

    /** The settings a channel offers, in the form's order (what the page shows). */
    public List<ChannelSetting> settingsOf(String channel) {
        return definition(channel).settings();
    }

    /** How soon a change made on another instance sharing the store is in force here. */
    public java.time.Duration refreshEvery() {
        return overrides.refreshEvery();
    }

    /**
     * Changes one channel's settings and puts them in force.
     *
     * @throws ChannelSettingsRejectedException with nothing stored: no such channel, a wrong value (naming the field), or
     *                                          other changes of the channel kept racing this one
     */
    public ChannelSettingsView change(String channel, ChannelSettingsChange change, String actor, String remoteAddress) {
        ChannelDefinition d = definition(channel);
        Map<String, Object> configured = d.values(overrides.configuration());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Stored current = store.find(channel).orElse(Stored.none(channel));
            Map<String, String> values = new TreeMap<>(current.values());
            Map<String, String> secrets = new TreeMap<>(current.secrets());
            Map<String, String> opened = new HashMap<>(overrides.openedSecrets(channel));
            List<String> what = new ArrayList<>();
            change.values().forEach((name, text) -> {
                ChannelSetting s = setting(d, name);
                if (!s.secret()) {
                    apply(s, text, values, configured, what);
                } else if (text == null) {
                    if (secrets.remove(name) != null) {
                        opened.remove(name);
                        what.add(name + " removed (the configuration's is in force)");
                    }
                } else if (!text.isEmpty()) {
                    checkText(name, text);
                    secrets.put(name, sealer.seal(text, ChannelOverrides.purpose(channel, name)));
                    opened.put(name, text);
                    what.add(name + " set");
                }
            });
            if (values.equals(current.values()) && secrets.equals(current.secrets())) {
                return view(d); // nothing to change
            }
            check(d, values, opened);
            Stored next = new Stored(channel, values, secrets, current.version() + 1, actor, clock.instant());
            if (store.write(next, current.version())) {
                audit.record(actor, CHANGE_ACTION, AUDIT_OBJECT, channel, String.join("; ", what), remoteAddress);
                overrides.refresh();
                return view(d);
            }
        }
        throw new ChannelSettingsRejectedException(Reason.CONFLICT, null, "the settings of " + channel + " kept changing while this change was made; "
                + "look at them again and repeat it");
    }

    /**
     * Removes every value stored for a channel, secrets included: the configuration's are in force again.
     *
     * @throws ChannelSettingsRejectedException no such channel, or the configuration alone would not do (naming the option)
     */
    public ChannelSettingsView reset(String channel, String actor, String remoteAddress) {
        ChannelDefinition d = definition(channel);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Stored current = store.find(channel).orElse(Stored.none(channel));
            if (current.empty()) {
                return view(d);
            }
            check(d, Map.of(), Map.of());
            Stored next = new Stored(channel, Map.of(), Map.of(), current.version() + 1, actor, clock.instant());
            if (store.write(next, current.version())) {
                audit.record(actor, RESET_ACTION, AUDIT_OBJECT, channel, "stored values removed (" + String.join(", ", names(current)) + "): "
                        + "the configuration's are in force", remoteAddress);
                overrides.refresh();
                return view(d);
            }
        }
        throw new ChannelSettingsRejectedException(Reason.CONFLICT, null, "the settings of " + channel + " kept changing; try again");
    }

    private ChannelDefinition definition(String channel) {
        return overrides.definition(channel).orElseThrow(() -> new ChannelSettingsRejectedException(Reason.NOT_FOUND, null,
                "no channel '" + channel + "' has settings here; the channels are " + overrides.definitions().stream().map(ChannelDefinition::channel).toList()));
    }

    private static ChannelSetting setting(ChannelDefinition d, String name) {
        return d.settings().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> invalid(name,
                "is not a setting of " + d.channel() + " that can be changed here (its settings: "
                        + d.settings().stream().map(ChannelSetting::name).toList() + ")"));
    }

    private static List<String> secretNames(ChannelDefinition d) {
        return d.settings().stream().filter(ChannelSetting::secret).map(ChannelSetting::name).toList();
    }

    /** Sets or removes one stored value; a value equal to the configuration's is not stored (the configuration stays in force). */
    private static void apply(ChannelSetting s, String text, Map<String, String> values, Map<String, Object> configured, List<String> what) {
        String before = values.get(s.name());
        if (text == null) {
            values.remove(s.name());
        } else {
            Object value = parse(s, text, configured.get(s.name()));
            if (Objects.equals(blankToNull(value), blankToNull(configured.get(s.name())))) {
                values.remove(s.name());
            } else {
                values.put(s.name(), value == null ? "" : value.toString());
            }
        }
        String after = values.get(s.name());
        if (!Objects.equals(before, after)) {
            what.add(s.name() + ": " + (before == null ? "(configuration)" : "'" + before + "'") + " → "
                    + (after == null ? "(configuration: " + configured.get(s.name()) + ")" : "'" + after + "'"));
        }
    }

    private static Object blankToNull(Object v) {
        return v instanceof String s && s.isBlank() ? null : v;
    }

    /**
     * A value as the setting's type: Boolean, Integer, Double, or String (stripped); refused naming the setting. A rate
     * must be more than 0, unless it is the configuration's ({@code configured}: 0, no limit, is for the configuration only).
     */
    static Object parse(ChannelSetting s, String text, Object configured) {
        String field = s.name();
        checkText(field, text);
        String t = text.strip();
        switch (s.type()) {
            case FLAG -> {
                if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                    throw invalid(field, "'" + t + "' is not true or false");
                }
                return Boolean.parseBoolean(t.toLowerCase(Locale.ROOT));
            }
            case INTEGER -> {
                int n;
                try {
                    n = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw invalid(field, "'" + t + "' is not a whole number");
                }
                if (n < s.min() || n > s.max()) {
                    throw invalid(field, "must be " + (int) s.min() + "–" + (int) s.max() + ", not " + n);
                }
                return n;
            }
            case NUMBER, RATE -> {
                double n;
                try {
                    n = s.type() == ChannelSetting.Type.RATE ? Settings.rate(field, t) : Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw invalid(field, "'" + t + "' is not a number");
                } catch (Settings.Invalid e) {
                    throw invalid(field, t.startsWith("-") ? "must be more than 0 per second, not " + t
                            : "'" + t + "' is not a rate per second (e.g. 2, 2/s, 30/m or 100/h), more than 0");
                }
                if (s.type() == ChannelSetting.Type.RATE && configured instanceof Number c && c.doubleValue() == n) {
                    return n;
                }
                if (s.type() == ChannelSetting.Type.RATE && n <= 0) {
                    throw invalid(field, "must be more than 0 per second, not " + t + " (no limit, 0, is for the configuration only)");
                }
                if (!Double.isFinite(n) || n < s.min() || n > s.max()) {
                    throw invalid(field, "must be at least " + fmt(s.min()) + (s.max() < Double.MAX_VALUE ? " and at most " + fmt(s.max()) : "")
                            + ", not " + t);
                }
                return n;
            }
            case URL -> {
                if (t.isEmpty()) {
                    return "";
                }
                try {
                    URI uri = new URI(t);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getUserInfo() != null) {
                        throw invalid(field, "'" + t + "' is not an absolute https:// (or http://) URL with a host and no user name");
                    }
                } catch (URISyntaxException e) {
                    throw invalid(field, "'" + t + "' is not a URL: " + e.getReason());
                }
                return t;
            }
            default -> {
                if (s.pattern() != null && !t.isEmpty() && !s.pattern().matcher(t).matches()) {
                    throw invalid(field, "'" + t + "' is not " + s.expected());
                }
                return t;
            }
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Length, no control characters, no {@code ${…}} (a placeholder would read other settings, keys included, into this one). */
    private static void checkText(String field, String text) {
        if (text.length() > MAX_LENGTH) {
            throw invalid(field, "is longer than " + MAX_LENGTH + " characters");
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(field, "holds a control character (a line break, a tab …)");
        }
        if (text.contains("${")) {
            throw invalid(field, "holds '${', which the configuration would read as a placeholder");
        }
    }

    /** The channel's settings as a whole with these stored values and opened secrets, as the channel checks them at start-up. */
    private void check(ChannelDefinition d, Map<String, String> values, Map<String, String> openedSecrets) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.putAll(openedSecrets);
        try {
            d.check(overrides.candidate(d.channel(), all));
        } catch (Settings.Invalid e) {
            throw invalid(field(d, e.option()), e.problem());
        }
    }

    /** The setting an option is ({@code rate} for {@code qiandai.channels.twilio.rate}; the option itself for others). */
    private static String field(ChannelDefinition d, String option) {
        return option.startsWith(d.prefix()) ? option.substring(d.prefix().length()) : option;
    }

    private static ChannelSettingsRejectedException invalid(String field, String problem) {
        return new ChannelSettingsRejectedException(Reason.INVALID, field, field + ": " + problem);
    }

    private static List<String> names(Stored s) {
        List<String> names = new ArrayList<>(s.values().keySet());
        names.addAll(s.secrets().keySet());
        return names;
    }

    private ChannelSettingsView view(ChannelDefinition d) {
        Environment effective = overrides.effective();
        Environment configuration = overrides.configuration();
        Map<String, Object> values = d.values(effective);
        Stored stored = overrides.stored(d.channel());
        Map<String, String> opened = overrides.openedSecrets(d.channel());
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (ChannelSetting s : d.settings()) {
            String option = d.prefix() + s.name();
            boolean isStored = s.secret() ? opened.containsKey(s.name()) : stored.values().containsKey(s.name());
            sources.put(s.name(), isStored ? "stored" : configuration.containsProperty(option) ? "configuration" : "default");
            if (s.secret()) {
                secrets.put(s.name(), Settings.text(effective, option) == null ? ChannelSettingsView.NOT_SET : ChannelSettingsView.SET);
            } else if (!s.name().equals("enabled")) {
                settings.put(s.name(), values.get(s.name()));
            }
        }
        return new ChannelSettingsView(d.channel(), d.kind(), d.prefix(), Boolean.TRUE.equals(values.get("enabled")), settings, secrets, sources,
                stored.updatedBy(), stored.updatedAt());
    }
}
