package org.qiandai.channels.twilio;

import java.time.Clock;

import org.qiandai.campaign.contacts.DoNotContactList;
import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.pushes.PushStates;
import org.qiandai.channels.replies.InboundReplies;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Twilio's beans: the settings and webhooks always (a callback while Twilio is off is refused), the sender (channel
 * {@code sms-twilio}) and the reconciliation only with {@code qiandai.channels.twilio.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    @Bean
    TwilioSettings twilioSettings(Environment environment) {
        return TwilioSettings.from(environment);
    }

    @Bean
    TwilioWebhooks twilioWebhooks(TwilioSettings settings, Deliveries deliveries, DoNotContactList dnc, InboundReplies replies) {
        return new TwilioWebhooks(settings, deliveries, dnc, replies);
    }

    @Bean
    @ConditionalOnProperty(name = "qiandai.channels.twilio.enabled", havingValue = "true")
    TwilioSender twilioSender(TwilioSettings settings) {
        return new TwilioSender(settings);
    }

    @Bean
    @ConditionalOnProperty(name = "qiandai.channels.twilio.enabled", havingValue = "true")
    TwilioReconciler twilioReconciler(TwilioSender sender, TwilioWebhooks webhooks, TwilioSettings settings, Deliveries deliveries,
                                      PushStates pushes, Clock clock) {
        return new TwilioReconciler(sender, webhooks, settings, deliveries, pushes, clock);
    }
}
