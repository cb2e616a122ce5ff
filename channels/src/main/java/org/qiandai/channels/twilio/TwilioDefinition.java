package org.qiandai.channels.twilio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.channels.settings.ChannelDefinition;
import org.qiandai.channels.settings.ChannelSetting;
import org.springframework.core.env.Environment;

/** What an administrator may change of {@code sms-twilio} on {@code /channels/settings}; timeouts and reconciliation stay configuration. */
final class TwilioDefinition implements ChannelDefinition {

    private static final List<ChannelSetting> SETTINGS = List.of(
            ChannelSetting.flag("enabled"),
            ChannelSetting.text("account-sid", "AC[0-9a-fA-F]{32}", "an account SID (AC and 32 hexadecimal digits)"),
            ChannelSetting.secret("auth-token"),
            ChannelSetting.text("from", "\\+[1-9][0-9]{6,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}",
                    "a number in E.164 (+ and 7 to 15 digits) or an alphanumeric sender ID (up to 11 letters, digits and spaces)"),
            ChannelSetting.text("messaging-service-sid", "MG[0-9a-fA-F]{32}", "a Messaging Service SID (MG and 32 hexadecimal digits)"),
            ChannelSetting.url("base-url"),
            ChannelSetting.rate("rate", ChannelSetting.MAX_RATE),
            ChannelSetting.integer("window", 1, TwilioSettings.MAX_WINDOW));

    @Override
    public String channel() {
        return TwilioSender.CHANNEL;
    }

    @Override
    public String kind() {
        return "twilio";
    }

    @Override
    public String prefix() {
        return TwilioSettings.PREFIX;
    }

    @Override
    public List<ChannelSetting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, Object> values(Environment settings) {
        TwilioSettings s = TwilioSettings.read(settings);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", s.enabled());
        v.put("account-sid", s.accountSid());
        v.put("from", s.from());
        v.put("messaging-service-sid", s.messagingServiceSid());
        v.put("base-url", s.baseUrl());
        v.put("rate", s.rate());
        v.put("window", s.window());
        return v;
    }

    @Override
    public void check(Environment settings) {
        TwilioSettings.from(settings);
    }
}
