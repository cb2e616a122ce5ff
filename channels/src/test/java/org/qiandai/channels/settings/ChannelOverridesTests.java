package org.qiandai.channels.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.campaign.contacts.SecretSealer;
import org.qiandai.channels.ChannelFixtures;
import org.qiandai.channels.ChannelStoreTests;
import org.qiandai.channels.Settings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/**
 * Stored channel settings over the configuration, on the embedded store: a secret is stored sealed and opens again
 * after a restart (and not under another key, when the configuration's is used); a change made through one instance
 * is in force on another sharing the store within its poll, announced; bad values are refused naming the setting with
 * nothing stored; every change is audited without the secret. A channel of its own ({@code test-sms}), so that the
 * context's own channels are not touched.
 */
class ChannelOverridesTests extends ChannelStoreTests {

    static final String CHANNEL = "test-sms";
    static final String PREFIX = "qiandai.channels.test-sms.";
    static final byte[] KEY = new byte[32];
    static final String TOKEN = "token-do-not-echo-7731";

    /** A channel with a switch, a rate, a URL and a secret; enabled, it needs the secret and a URL. */
    static final class TestDefinition implements ChannelDefinition {

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public String prefix() {
            return PREFIX;
        }

        @Override
        public List<ChannelSetting> settings() {
            return List.of(ChannelSetting.flag("enabled"), ChannelSetting.url("url"), ChannelSetting.secret("token"),
                    ChannelSetting.rate("rate", ChannelSetting.MAX_RATE), ChannelSetting.integer("window", 1, 10));
        }

        @Override
        public Map<String, Object> values(Environment env) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("enabled", env.getProperty(PREFIX + "enabled", Boolean.class, false));
            v.put("url", Settings.text(env, PREFIX + "url"));
            v.put("rate", Settings.rate(PREFIX + "rate", env.getProperty(PREFIX + "rate", "10")));
            v.put("window", env.getProperty(PREFIX + "window", Integer.class, 4));
            return v;
        }

        @Override
        public void check(Environment env) {
            if (env.getProperty(PREFIX + "enabled", Boolean.class, false)) {
                if (Settings.text(env, PREFIX + "token") == null) {
                    throw new Settings.Invalid(PREFIX + "token", "required while enabled");
                }
                if (Settings.text(env, PREFIX + "url") == null) {
                    throw new Settings.Invalid(PREFIX + "url", "required while enabled");
                }
            }
        }
    }

    @Autowired AuditLog audit;

    final List<ChannelOverrides> started = new ArrayList<>();
    ChannelSettingsStore store;

    @BeforeEach
    void emptySettings() {
        mongo.getCollection(ChannelSettingsStore.COLLECTION).deleteMany(new Document("_id", CHANNEL));
        store = new ChannelSettingsStore(mongo);
    }

    @AfterEach
    void stop() {
        started.forEach(ChannelOverrides::stop);
        mongo.getCollection(ChannelSettingsStore.COLLECTION).deleteMany(new Document("_id", CHANNEL));
    }

    /** An instance's view of the stored settings, with this configuration, sealing with {@code key}, announcing into {@code events}. */
    ChannelOverrides instance(byte[] key, List<Object> events) {
        MockEnvironment configuration = new MockEnvironment().withProperty(PREFIX + "rate", "10").withProperty("qiandai.channels.settings.refresh", "200ms");
        ApplicationEventPublisher publisher = events::add;
        return new ChannelOverrides(store, SecretSealer.withKey(key), configuration, List.of(() -> List.of(new TestDefinition())), publisher);
    }

    ChannelSettings settings(ChannelOverrides overrides) {
        return new ChannelSettings(overrides, store, SecretSealer.withKey(KEY), audit, clock);
    }

    static ChannelSettingsChange change(String... nameValue) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            values.put(nameValue[i], nameValue[i + 1]);
        }
        return new ChannelSettingsChange(values);
    }

    @Test
    void aChangeIsStoredSealedAuditedAndReachesAnotherInstanceWithinItsPoll() throws InterruptedException {
        ChannelOverrides a = instance(KEY, new ArrayList<>());
        List<Object> seenByB = Collections.synchronizedList(new ArrayList<>());
        ChannelOverrides b = instance(KEY, seenByB);
        b.start();
        started.add(b);
        assertThat(b.effective().getProperty(PREFIX + "rate")).isEqualTo("10");

        ChannelSettingsView view = settings(a).change(CHANNEL, change("enabled", "true", "url", "https://relay.example/", "token", TOKEN, "rate", "30/m"),
                "admin", "10.0.0.7");
        assertThat(view.enabled()).isTrue();
        assertThat(view.settings()).containsEntry("rate", 0.5).containsEntry("url", "https://relay.example/");
        assertThat(view.secrets()).containsEntry("token", ChannelSettingsView.SET);
        assertThat(view.sources()).containsEntry("rate", "stored").containsEntry("token", "stored").containsEntry("window", "default");
        assertThat(view.toString()).doesNotContain(TOKEN);
        assertThat(a.effective().getProperty(PREFIX + "token")).as("in force here at once").isEqualTo(TOKEN);

        Document stored = mongo.getCollection(ChannelSettingsStore.COLLECTION).find(new Document("_id", CHANNEL)).first();
        assertThat(stored.toJson()).doesNotContain(TOKEN);
        assertThat(stored.get("secrets", Document.class).getString("token")).startsWith("s1:");

        var entry = audit.about(ChannelSettings.AUDIT_OBJECT, CHANNEL, 1).get(0);
        assertThat(entry.actor()).isEqualTo("admin");
        assertThat(entry.action()).isEqualTo(ChannelSettings.CHANGE_ACTION);
        assertThat(entry.remoteAddress()).isEqualTo("10.0.0.7");
        assertThat(entry.details()).contains("enabled").contains("url").contains("rate").contains("token set").doesNotContain(TOKEN);

        ChannelFixtures.await("the other instance takes the change up", Duration.ofSeconds(10),
                () -> TOKEN.equals(b.effective().getProperty(PREFIX + "token")));
        assertThat(b.effective().getProperty(PREFIX + "rate")).isEqualTo("0.5");
        assertThat(seenByB).contains(new ChannelSettingsChanged(CHANNEL));

        // a restart: the sealed secret opens again from the store
        assertThat(instance(KEY, new ArrayList<>()).effective().getProperty(PREFIX + "token")).isEqualTo(TOKEN);
        // under another key it does not, and the configuration's (none) is in force
        byte[] other = KEY.clone();
        other[0] = 9;
        ChannelOverrides rekeyed = instance(other, new ArrayList<>());
        assertThat(rekeyed.effective().getProperty(PREFIX + "token")).isNull();
        assertThat(rekeyed.effective().getProperty(PREFIX + "rate")).isEqualTo("0.5");
    }

    @Test
    void badValuesAreRefusedNamingTheSettingWithNothingStored() {
        ChannelSettings settings = settings(instance(KEY, new ArrayList<>()));
        assertRefused(settings, change("rate", "0"), "rate", "more than 0");
        assertRefused(settings, change("rate", "-2"), "rate", "");
        assertRefused(settings, change("rate", "fast"), "rate", "not a rate");
        assertRefused(settings, change("url", "ftp://relay.example/"), "url", "https://");
        assertRefused(settings, change("window", "11"), "window", "1–10");
        assertRefused(settings, change("colour", "red"), "colour", "is not a setting of test-sms");
        assertRefused(settings, change("enabled", "yes"), "enabled", "true or false");
        assertRefused(settings, change("enabled", "true", "url", "https://relay.example/"), "token", "required while enabled");
        assertRefused(settings, change("token", "${qiandai.crypto.key}"), "token", "placeholder");
        assertThat(store.find(CHANNEL)).isEmpty();
        assertThatThrownBy(() -> settings.change("no-such", change("rate", "1"), "admin", null))
                .isInstanceOfSatisfying(ChannelSettingsRejectedException.class, e -> assertThat(e.reason()).isEqualTo(ChannelSettingsRejectedException.Reason.NOT_FOUND));
    }

    @Test
    void aValueEqualToTheConfigurationsIsNotStoredAndResetRestoresTheConfiguration() {
        ChannelOverrides overrides = instance(KEY, new ArrayList<>());
        ChannelSettings settings = settings(overrides);
        settings.change(CHANNEL, change("rate", "25", "token", TOKEN), "admin", null);
        assertThat(settings.change(CHANNEL, change("rate", "10", "token", ""), "admin", null).sources())
                .as("the configuration's rate again; an empty secret keeps it").containsEntry("rate", "configuration").containsEntry("token", "stored");
        ChannelSettingsView reset = settings.reset(CHANNEL, "admin", null);
        assertThat(reset.secrets()).containsEntry("token", ChannelSettingsView.NOT_SET);
        assertThat(overrides.effective().getProperty(PREFIX + "token")).isNull();
        assertThat(audit.about(ChannelSettings.AUDIT_OBJECT, CHANNEL, 10)).extracting(e -> e.action()).contains(ChannelSettings.RESET_ACTION);
    }

    private static void assertRefused(ChannelSettings settings, ChannelSettingsChange change, String field, String problem) {
        assertThatThrownBy(() -> settings.change(CHANNEL, change, "admin", null)).isInstanceOfSatisfying(ChannelSettingsRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ChannelSettingsRejectedException.Reason.INVALID);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(problem);
        });
    }
}
