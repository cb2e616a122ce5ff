package org.qiandai.channels.twilio;

import java.time.Clock;
import java.util.List;

import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.settings.ChannelDefinitions;
import org.qiandai.channels.settings.ChannelOverrides;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Twilio's beans, always present so that an administrator can turn Twilio on or off while the application runs: the
 * sender (channel {@code sms-twilio}; the dispatcher sends through it only while it is enabled), the webhooks (refused
 * while Twilio is off) and the reconciliation (idle while off), all reading {@code qiandai.channels.twilio.*} from
 * {@link ChannelOverrides} (stored values over the configuration).
 */
@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    @Bean
    @Order(1) // the page lists Twilio, SMPP, then the partners
    ChannelDefinitions twilioChannel() {
        return () -> List.of(new TwilioDefinition());
    }

    @Bean
    TwilioSender twilioSender(ChannelOverrides overrides) {
        return new TwilioSender(overrides.reading(TwilioSettings::from));
    }

    @Bean
    TwilioWebhooks twilioWebhooks(ChannelOverrides overrides, Deliveries deliveries, DoNotContactList dnc, InboundReplies replies) {
        return new TwilioWebhooks(overrides.reading(TwilioSettings::from), deliveries, dnc, replies);
    }

    @Bean
    TwilioReconciler twilioReconciler(TwilioSender sender, TwilioWebhooks webhooks, Deliveries deliveries, PushStates pushes, Clock clock) {
        return new TwilioReconciler(sender, webhooks, deliveries, pushes, clock);
    }
}
