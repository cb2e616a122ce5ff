package org.qiandai.channels.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

import org.qiandai.campaign.contacts.SecretSealer;
import org.qiandai.campaign.support.DaemonThreads;
import org.qiandai.channels.Settings;
import org.qiandai.channels.settings.ChannelSettingsStore.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

/**
 * The channels' settings in force: the configuration (command line, environment variables, properties files) with
 * the values an administrator stored on top of it. A stored value wins over the configuration's; an option nobody
 * stored keeps the configuration's value, or its default. Every channel reads its settings from {@link #effective()}
 * (through {@link #reading}, which reads them again after a change).
 * <p>
 * The stored values are read at start-up and again every {@code qiandai.channels.settings.refresh} (10 s), so that a
 * change made on another instance sharing the store arrives here too; each channel whose document changed is announced
 * with {@link ChannelSettingsChanged}. Stored secrets are opened here with {@link SecretSealer} and kept in memory only;
 * one that cannot be opened (the key changed) is left out, with an error in the log, and the configuration's is used.
 * Only channels some {@link ChannelDefinitions} defines are read: a document of a partner no longer configured is ignored.
 */
@Component
public class ChannelOverrides implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChannelOverrides.class);
    static final String SOURCE_NAME = "channel_settings";

    /** What is in force: the stored documents read, by channel, and the environment they make with the configuration. */
    private record Snapshot(Map<String, Stored> stored, Map<String, Map<String, Object>> opened, ConfigurableEnvironment environment) {
    }

    private final ChannelSettingsStore store;
    private final SecretSealer sealer;
    private final ConfigurableEnvironment configuration;
    private final Map<String, ChannelDefinition> definitions;
    private final ApplicationEventPublisher events;
    private final Duration refresh;
    private volatile Snapshot snapshot;
    private ScheduledExecutorService loop;

    @Autowired
    ChannelOverrides(ChannelSettingsStore store, SecretSealer sealer, ConfigurableEnvironment configuration, List<ChannelDefinitions> definitions,
                     ApplicationEventPublisher events) {
        this.store = store;
        this.sealer = sealer;
        this.configuration = configuration;
        Map<String, ChannelDefinition> byChannel = new LinkedHashMap<>();
        for (ChannelDefinitions d : definitions) {
            for (ChannelDefinition c : d.definitions()) {
                if (byChannel.put(c.channel(), c) != null) {
                    throw new IllegalStateException("two definitions of channel " + c.channel());
                }
            }
        }
        this.definitions = byChannel;
        this.events = events;
        this.refresh = Settings.duration(configuration, "qiandai.channels.settings.refresh", "10s");
        if (refresh.isNegative() || refresh.isZero()) {
            throw new Settings.Invalid("qiandai.channels.settings.refresh", "must be a positive duration such as 10s");
        }
        this.snapshot = snapshot(read());
    }

    /** How often the stored values are read again ({@code qiandai.channels.settings.refresh}): a change made on another instance arrives within it. */
    public Duration refreshEvery() {
        return refresh;
    }

    /** The channels that may be changed, in the order of their definitions. */
    public List<ChannelDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    public Optional<ChannelDefinition> definition(String channel) {
        return Optional.ofNullable(channel == null ? null : definitions.get(channel));
    }

    /** The configuration alone: what a channel's settings are without stored values. */
    public Environment configuration() {
        return configuration;
    }

    /** The settings in force: stored values over the configuration. */
    public Environment effective() {
        return snapshot.environment();
    }

    /**
     * A source of settings read from {@link #effective()} by {@code reader}, read once and again only after the stored
     * values changed. {@code reader} may throw (an invalid setting): the caller gets the exception.
     */
    public <T> Supplier<T> reading(Function<? super Environment, T> reader) {
        return new Supplier<>() {
            private Snapshot seen;
            private T value;

            @Override
            public synchronized T get() {
                Snapshot now = snapshot;
                if (now != seen) {
                    value = reader.apply(now.environment());
                    seen = now;
                }
                return value;
            }
        };
    }

    /** What is stored for a channel now (as last read): values, sealed secrets, version, who and when. */
    Stored stored(String channel) {
        Stored s = snapshot.stored().get(channel);
        return s == null ? Stored.none(channel) : s;
    }

    /** The stored secrets of a channel that are in force, opened (for checking a change with them). */
    Map<String, String> openedSecrets(String channel) {
        Map<String, String> result = new HashMap<>();
        ChannelDefinition d = definitions.get(channel);
        Map<String, Object> opened = snapshot.opened().getOrDefault(channel, Map.of());
        for (ChannelSetting s : d.settings()) {
            if (s.secret() && opened.containsKey(d.prefix() + s.name())) {
                result.put(s.name(), (String) opened.get(d.prefix() + s.name()));
            }
        }
        return result;
    }

    /** The settings in force were {@code channel}'s stored options (by name, opened) {@code values}: for checking a change before storing it. */
    Environment candidate(String channel, Map<String, String> values) {
        ChannelDefinition d = definitions.get(channel);
        Map<String, Object> all = new LinkedHashMap<>();
        snapshot.opened().forEach((c, v) -> {
            if (!c.equals(channel)) {
                all.putAll(v);
            }
        });
        values.forEach((name, value) -> all.put(d.prefix() + name, value));
        return overlay(configuration, all);
    }

    /** Reads the stored values again; announces each channel whose document changed. */
    public void refresh() {
        List<String> changed;
        synchronized (this) {
            Map<String, Stored> read = read();
            Snapshot before = snapshot;
            changed = new ArrayList<>();
            Set<String> channels = new TreeSet<>(read.keySet());
            channels.addAll(before.stored().keySet());
            for (String c : channels) {
                Stored a = before.stored().get(c);
                Stored b = read.get(c);
                if (a == null || b == null || a.version() != b.version()) {
                    changed.add(c);
                }
            }
            if (changed.isEmpty()) {
                return;
            }
            snapshot = snapshot(read);
        }
        for (String c : changed) {
            log.info("Channel settings of {} changed: taking them up", c);
            events.publishEvent(new ChannelSettingsChanged(c));
        }
    }

    private Map<String, Stored> read() {
        Map<String, Stored> result = new LinkedHashMap<>();
        for (Stored s : store.all()) {
            if (definitions.containsKey(s.channel())) {
                result.put(s.channel(), s);
            } else {
                log.warn("Stored settings of channel '{}' are ignored: no such channel is configured", s.channel());
            }
        }
        return result;
    }

    private Snapshot snapshot(Map<String, Stored> stored) {
        Map<String, Map<String, Object>> opened = new LinkedHashMap<>();
        Map<String, Object> all = new LinkedHashMap<>();
        for (Stored s : stored.values()) {
            ChannelDefinition d = definitions.get(s.channel());
            Map<String, Object> values = new LinkedHashMap<>();
            s.values().forEach((name, value) -> values.put(d.prefix() + name, value));
            s.secrets().forEach((name, sealed) -> {
                try {
                    values.put(d.prefix() + name, sealer.open(sealed, purpose(s.channel(), name)));
                } catch (IllegalArgumentException e) {
                    log.error("The stored {} of channel {} cannot be opened ({}): the configuration's is used. Was qiandai.crypto.key changed? "
                            + "Set the secret again on /channels/settings", name, s.channel(), e.getMessage());
                }
            });
            opened.put(s.channel(), values);
            all.putAll(values);
        }
        return new Snapshot(Map.copyOf(stored), opened, overlay(configuration, all));
    }

    /** What a stored secret is sealed for: it opens only for the same channel and option. */
    static String purpose(String channel, String name) {
        return "channel-secret/" + channel + "/" + name;
    }

    /**
     * The configuration with {@code values} (full option names) ahead of all its sources; the configuration itself
     * when there are none. Its relaxed names (environment variables), placeholders and conversions work as the
     * configuration's do.
     */
    static ConfigurableEnvironment overlay(ConfigurableEnvironment configuration, Map<String, Object> values) {
        if (values.isEmpty()) {
            return configuration;
        }
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        for (PropertySource<?> s : List.copyOf(sources.stream().toList())) {
            sources.remove(s.getName());
        }
        sources.addFirst(new MapPropertySource(SOURCE_NAME, Map.copyOf(values)));
        configuration.getPropertySources().forEach(sources::addLast);
        env.setConversionService(configuration.getConversionService());
        ConfigurationPropertySources.attach(env); // over these sources, not the configuration's own
        return env;
    }

    // --- refreshing ---

    @Override
    public synchronized void start() {
        loop = DaemonThreads.repeating("channel-settings-refresh", refresh, this::refresh,
                e -> log.warn("Reading the stored channel settings failed, trying again in {}: {}", refresh, e.toString()));
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.shutdownNow();
            loop = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return loop != null;
    }
}
