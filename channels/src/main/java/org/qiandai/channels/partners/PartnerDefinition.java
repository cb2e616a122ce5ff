package org.qiandai.channels.partners;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.channels.settings.ChannelDefinition;
import org.qiandai.channels.settings.ChannelSetting;
import org.qiandai.channels.settings.ChannelDefinitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * What an administrator may change of one configured partner on {@code /channels/settings}: {@code enabled},
 * {@code url}, {@code secret} and {@code rate}. Its kind, timeouts and retries stay configuration, and so does which
 * partners exist (a partner is a channel id campaigns and pushes name).
 */
final class PartnerDefinition implements ChannelDefinition {

    private static final List<ChannelSetting> SETTINGS = List.of(ChannelSetting.flag("enabled"), ChannelSetting.url("url"),
            ChannelSetting.secret("secret"), ChannelSetting.rate("rate", ChannelSetting.MAX_RATE));

    private final String name;

    PartnerDefinition(String name) {
        this.name = name;
    }

    @Override
    public String channel() {
        return name;
    }

    @Override
    public String kind() {
        return "partner";
    }

    @Override
    public String prefix() {
        return PartnerSettings.PREFIX + "." + name + ".";
    }

    @Override
    public List<ChannelSetting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, Object> values(Environment settings) {
        PartnerSettings.Properties p = PartnerSettings.bind(settings).getOrDefault(name, new PartnerSettings.Properties());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", p.isEnabled());
        v.put("url", p.getUrl() == null || p.getUrl().isBlank() ? null : p.getUrl().strip());
        v.put("rate", PartnerSettings.rate(PartnerSettings.PREFIX + "." + name, p.getRate()));
        return v;
    }

    @Override
    public void check(Environment settings) {
        PartnerSettings.check(name, PartnerSettings.bind(settings).getOrDefault(name, new PartnerSettings.Properties()));
    }

    /** One definition per partner the configuration names. */
    @Configuration(proxyBeanMethods = false)
    static class Partners {

        @Bean
        @Order(3) // after Twilio and SMPP
        ChannelDefinitions partnerChannels(Environment configuration) {
            List<ChannelDefinition> all = PartnerSettings.bind(configuration).keySet().stream().sorted()
                    .map(n -> (ChannelDefinition) new PartnerDefinition(n)).toList();
            return () -> all;
        }
    }
}
