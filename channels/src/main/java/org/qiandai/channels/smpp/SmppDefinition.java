package org.qiandai.channels.smpp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.channels.settings.ChannelDefinition;
import org.qiandai.channels.settings.ChannelSetting;
import org.springframework.core.env.Environment;

/** What an administrator may change of {@code sms-smpp} on {@code /channels/settings}; timeouts and keep-alive stay configuration. */
final class SmppDefinition implements ChannelDefinition {

    private static final List<ChannelSetting> SETTINGS = List.of(
            ChannelSetting.flag("enabled"),
            ChannelSetting.text("host", "[A-Za-z0-9.:\\[\\]-]{1,253}", "a host name or IP address"),
            ChannelSetting.integer("port", 1, 65535),
            ChannelSetting.text("system-id", "[\\x21-\\x7e]{1,15}", "a system id of up to 15 printable ASCII characters"),
            ChannelSetting.secret("password"),
            ChannelSetting.text("system-type", "[\\x21-\\x7e]{0,12}", "a system type of up to 12 printable ASCII characters"),
            ChannelSetting.text("source-address", "[\\x21-\\x7e]{1,20}", "a sender number or name of up to 20 printable ASCII characters"),
            ChannelSetting.rate("rate", ChannelSetting.MAX_RATE),
            ChannelSetting.integer("window", 1, SmppSettings.MAX_WINDOW));

    @Override
    public String channel() {
        return SmppSender.CHANNEL;
    }

    @Override
    public String kind() {
        return "smpp";
    }

    @Override
    public String prefix() {
        return SmppSettings.PREFIX;
    }

    @Override
    public List<ChannelSetting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, Object> values(Environment settings) {
        SmppSettings s = SmppSettings.read(settings);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", s.enabled());
        v.put("host", s.host());
        v.put("port", s.port());
        v.put("system-id", s.systemId());
        v.put("system-type", s.systemType());
        v.put("source-address", s.sourceAddress());
        v.put("rate", s.rate());
        v.put("window", s.window());
        return v;
    }

    @Override
    public void check(Environment settings) {
        SmppSettings.from(settings);
    }
}
