package org.qiandai.web.audit;

import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.web.security.ClientAddresses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts {@link AuditInterceptor} in front of every handler (it acts on {@link Audited} ones only). The audit log is
 * looked up lazily: a web slice test without a store has none, and records nothing.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<AuditLog> audit;
    private final ObjectProvider<ClientAddresses> addresses;

    AuditConfiguration(ObjectProvider<AuditLog> audit, ObjectProvider<ClientAddresses> addresses) {
        this.audit = audit;
        this.addresses = addresses;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AuditInterceptor(audit, addresses));
    }
}
