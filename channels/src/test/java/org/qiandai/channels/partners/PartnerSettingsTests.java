package org.qiandai.channels.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.qiandai.campaign.templates.WarningChannel;
import org.springframework.mock.env.MockEnvironment;

/** Partner settings as bound from configuration: defaults, kinds, rates, and a start refused with the setting named. */
class PartnerSettingsTests {

    static MockEnvironment env() {
        return new MockEnvironment()
                .withProperty("qiandai.channels.partners.didi.kind", "ride-hailing")
                .withProperty("qiandai.channels.partners.didi.url", "https://partner.example/hooks")
                .withProperty("qiandai.channels.partners.didi.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .withProperty("qiandai.channels.partners.didi.rate", "30/m")
                .withProperty("qiandai.channels.partners.meituan.url", "http://127.0.0.1:9/x")
                .withProperty("qiandai.channels.partners.meituan.secret", "plain secret")
                .withProperty("qiandai.channels.partners.meituan.timeout", "3s")
                .withProperty("qiandai.channels.partners.meituan.max-attempts", "2");
    }

    @Test
    void bindsEachPartnerWithItsDefaults() {
        PartnerSettings settings = new PartnerSettings(env());
        Partner didi = settings.get("didi").orElseThrow();
        assertThat(didi.kind()).isEqualTo(WarningChannel.RIDE_HAILING);
        assertThat(didi.rate()).isEqualTo(0.5);
        assertThat(didi.enabled()).isTrue();
        assertThat(didi.maxAttempts()).isEqualTo(5);
        assertThat(didi.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(didi.toString()).doesNotContain("MfKQ");
        Partner meituan = settings.get("meituan").orElseThrow();
        assertThat(meituan.kind()).isNull();
        assertThat(meituan.rate()).isEqualTo(1.0);
        assertThat(meituan.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(meituan.maxAttempts()).isEqualTo(2);
        assertThat(settings.all()).extracting(Partner::name).containsExactly("didi", "meituan");
        assertThat(settings.warningsShown()).containsEntry("didi", Set.of(WarningChannel.RIDE_HAILING, WarningChannel.PARTNER_CARD))
                .containsEntry("meituan", Set.of(WarningChannel.RIDE_HAILING, WarningChannel.FOOD_DELIVERY, WarningChannel.PARTNER_CARD));
        assertThat(new PartnerSettings(new MockEnvironment()).all()).isEmpty();
    }

    @Test
    void bindsPartnersFromEnvironmentVariables() {
        MockEnvironment env = new MockEnvironment();
        env.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, java.util.Map.of(
                "QIANDAI_CHANNELS_PARTNERS_DIDI_URL", "https://partner.example/hooks",
                "QIANDAI_CHANNELS_PARTNERS_DIDI_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "QIANDAI_CHANNELS_PARTNERS_DIDI_KIND", "food-delivery",
                "QIANDAI_CHANNELS_PARTNERS_DIDI_MAX_ATTEMPTS", "7")));
        Partner didi = new PartnerSettings(env).get("didi").orElseThrow();
        assertThat(didi.kind()).isEqualTo(WarningChannel.FOOD_DELIVERY);
        assertThat(didi.maxAttempts()).isEqualTo(7);
        assertThat(didi.url()).hasToString("https://partner.example/hooks");
    }

    @Test
    void backsOffDoublingUpToTheLimit() {
        Partner p = new PartnerSettings(env().withProperty("qiandai.channels.partners.didi.retry-delay", "10s")
                .withProperty("qiandai.channels.partners.didi.max-retry-delay", "35s")).get("didi").orElseThrow();
        assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(35));
        assertThat(p.backoff(60)).isEqualTo(Duration.ofSeconds(35));
    }

    @Test
    void readsRatesPerSecondMinuteOrHour() {
        assertThat(PartnerSettings.rate("r", "2")).isEqualTo(2.0);
        assertThat(PartnerSettings.rate("r", "2.5/s")).isEqualTo(2.5);
        assertThat(PartnerSettings.rate("r", "120/m")).isEqualTo(2.0);
        assertThat(PartnerSettings.rate("r", "3600/h")).isEqualTo(1.0);
        assertThat(PartnerSettings.rate("r", "0")).isZero();
        assertThatThrownBy(() -> PartnerSettings.rate("x", "fast")).hasMessageStartingWith("x.rate: 'fast'");
    }

    @Test
    void refusesToStartOnAWrongSettingNamingIt() {
        assertRefused(env().withProperty("qiandai.channels.partners.didi.kind", "taxi"), "qiandai.channels.partners.didi.kind: 'taxi'");
        assertRefused(env().withProperty("qiandai.channels.partners.didi.url", "ftp://x/y"), "qiandai.channels.partners.didi.url: 'ftp://x/y'");
        assertRefused(env().withProperty("qiandai.channels.partners.didi.secret", ""), "qiandai.channels.partners.didi.secret: required");
        assertRefused(env().withProperty("qiandai.channels.partners.didi.max-attempts", "0"), "qiandai.channels.partners.didi.max-attempts");
        assertRefused(env().withProperty("qiandai.channels.partners.sms-x.url", "https://x/").withProperty("qiandai.channels.partners.sms-x.secret", "s"),
                "qiandai.channels.partners.sms-x: a partner's name is its channel id");
        assertRefused(env().withProperty("qiandai.channels.partners.ride-hailing.url", "https://x/")
                .withProperty("qiandai.channels.partners.ride-hailing.secret", "s"), "qiandai.channels.partners.ride-hailing: a partner's name");
        assertRefused(new MockEnvironment().withProperty("qiandai.channels.partners.eleme.secret", "s"), "qiandai.channels.partners.eleme.url: required");
        // a disabled partner needs no URL
        assertThat(new PartnerSettings(new MockEnvironment().withProperty("qiandai.channels.partners.eleme.secret", "s")
                .withProperty("qiandai.channels.partners.eleme.enabled", "false")).enabled()).isEmpty();
    }

    private static void assertRefused(MockEnvironment env, String message) {
        assertThatThrownBy(() -> new PartnerSettings(env)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith(message);
    }
}
