package org.qiandai.channels.smpp;

import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.replies.InboundReplies;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The SMPP sender (channel {@code sms-smpp}), with {@code qiandai.channels.smpp.enabled=true}. */
@Configuration(proxyBeanMethods = false)
class SmppConfiguration {

    @Bean
    SmppSettings smppSettings(Environment environment) {
        return SmppSettings.from(environment);
    }

    @Bean
    @ConditionalOnProperty(name = "qiandai.channels.smpp.enabled", havingValue = "true")
    SmppSender smppSender(SmppSettings settings, Deliveries deliveries, StoreDurability durability, InboundReplies replies) {
        return new SmppSender(settings, deliveries, durability, replies);
    }
}
