package org.qiandai.channels.smpp;

import java.util.List;

import org.qiandai.campaign.deliveries.Deliveries;
import org.qiandai.campaign.store.StoreDurability;
import org.qiandai.channels.replies.InboundReplies;
import org.qiandai.channels.settings.ChannelDefinitions;
import org.qiandai.channels.settings.ChannelOverrides;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The SMPP sender (channel {@code sms-smpp}), always present so that an administrator can turn it on or off while the
 * application runs; it binds only while enabled, reading {@code qiandai.channels.smpp.*} from {@link ChannelOverrides}.
 */
@Configuration(proxyBeanMethods = false)
class SmppConfiguration {

    @Bean
    @Order(2) // after Twilio, before the partners
    ChannelDefinitions smppChannel() {
        return () -> List.of(new SmppDefinition());
    }

    @Bean
    SmppSender smppSender(ChannelOverrides overrides, Deliveries deliveries, StoreDurability durability, InboundReplies replies) {
        return new SmppSender(overrides.reading(SmppSettings::from), deliveries, durability, replies);
    }
}
