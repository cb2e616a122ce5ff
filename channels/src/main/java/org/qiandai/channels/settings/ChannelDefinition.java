package org.qiandai.channels.settings;

import java.util.List;
import java.util.Map;

import org.qiandai.channels.Settings;
import org.springframework.core.env.Environment;

/**
 * A channel whose settings an administrator may change (the SPI each channel package implements): its name, the
 * prefix of its options, the settings the page offers, its current values read from an environment, and the checks
 * a whole set of values must pass.
 */
public interface ChannelDefinition {

    /** The channel name pushes use: {@code sms-twilio}, {@code sms-smpp}, a partner's name. */
    String channel();

    /** What it is: {@code twilio}, {@code smpp} or {@code partner}. */
    String kind();

    /** Its options' prefix, with the final dot: {@code qiandai.channels.twilio.}. */
    String prefix();

    /** What an administrator may change, in the form's order: {@code enabled} first, secrets among them. */
    List<ChannelSetting> settings();

    /**
     * The values in force for every setting but the secrets, {@code enabled} included, as the channel reads them
     * from {@code settings} (defaults applied): Boolean, Integer, Double or String (null when unset).
     */
    Map<String, Object> values(Environment settings);

    /**
     * Checks the channel's settings as a whole, as the channel would at start-up.
     *
     * @throws Settings.Invalid naming the option that is wrong
     */
    void check(Environment settings);
}
