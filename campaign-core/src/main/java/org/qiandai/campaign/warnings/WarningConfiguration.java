package org.qiandai.campaign.warnings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The early-warning settings as one bean, read (and refused with the option's name when wrong) at start-up. */
@Configuration(proxyBeanMethods = false)
class WarningConfiguration {

    @Bean
    WarningSettings warningSettings(Environment environment) {
        return WarningSettings.from(environment);
    }
}
