package org.qiandai.campaign.pushes;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The sending rules per channel, from configuration: {@code qiandai.quiet-hours.<channel>=21:00-08:00} (an empty
 * value turns them off; SMS channels, {@code sms-*}, default to 21:00–08:00, others to none) and
 * {@code qiandai.frequency-cap.<channel>=2/7d}, else {@code qiandai.frequency-cap.default}, else 2/7d. Public so that
 * channels honour the same quiet hours while a push runs.
 */
@Component
public class PushRules {

    static final String SMS_QUIET_HOURS = "21:00-08:00";
    static final String DEFAULT_CAP = "2/7d";

    private final Environment environment;
    private final ZoneId zone;

    PushRules(Environment environment, Clock clock) {
        this.environment = environment;
        this.zone = clock.getZone();
    }

    /** For code running outside the application context (benchmarks, commands). */
    public static PushRules create(Environment environment, Clock clock) {
        return new PushRules(environment, clock);
    }

    public ZoneId zone() {
        return zone;
    }

    public QuietHours quietHours(String channel) {
        String value = environment.getProperty("qiandai.quiet-hours." + channel);
        if (value == null) {
            return isSms(channel) ? QuietHours.parse(SMS_QUIET_HOURS) : QuietHours.OFF;
        }
        return QuietHours.parse(value);
    }

    public FrequencyCap frequencyCap(String channel) {
        String value = environment.getProperty("qiandai.frequency-cap." + channel);
        if (value == null || value.isBlank()) {
            value = environment.getProperty("qiandai.frequency-cap.default", DEFAULT_CAP);
        }
        return FrequencyCap.parse(value);
    }

    static boolean isSms(String channel) {
        return channel.startsWith("sms-");
    }

    /** Channels that message people one by one (SMS, MMS); the others (partners) get one record per occurrence. */
    public static boolean isDirect(String channel) {
        return isSms(channel) || channel.equals("mms");
    }
}
