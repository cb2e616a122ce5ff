package org.qiandai.web.audit;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.qiandai.campaign.audit.AuditLog;
import org.qiandai.web.security.ClientAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.RequestContextUtils;

/** Records the requests of {@link Audited} handlers that succeeded, after they completed. */
class AuditInterceptor implements HandlerInterceptor {

    private static final Logger logger = LoggerFactory.getLogger(AuditInterceptor.class);
    /** Flash attributes with which pages send a refused form back: the action did not happen. */
    private static final Set<String> REFUSALS = Set.of("error", "problem", "problemKey", "refused");

    private final ObjectProvider<AuditLog> audit;
    private final ObjectProvider<ClientAddresses> addresses;

    AuditInterceptor(ObjectProvider<AuditLog> audit, ObjectProvider<ClientAddresses> addresses) {
        this.audit = audit;
        this.addresses = addresses;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(handler instanceof HandlerMethod method) || ex != null || response.getStatus() >= 400) {
            return;
        }
        Audited audited = method.getMethodAnnotation(Audited.class);
        AuditLog log = audit.getIfAvailable();
        if (audited == null || log == null || refused(request)) {
            return;
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String actor = user == null ? "anonymous" : user.getName();
        Object details = request.getAttribute(AuditTrail.DETAILS);
        try {
            ClientAddresses clients = addresses.getIfAvailable();
            log.record(actor, action(audited.value(), request), audited.object(), objectId(audited, request, response),
                    details == null ? null : details.toString(), clients == null ? request.getRemoteAddr() : clients.of(request));
        } catch (RuntimeException e) {
            // the action happened; an entry that could not be written is said loudly, not turned into a failed request
            logger.error("Could not record {} by {} in the audit trail", audited.value(), actor, e);
        }
    }

    /** {@code push.{action}}: a path variable's value in braces. */
    private static String action(String template, HttpServletRequest request) {
        if (!template.contains("{") || !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)) {
            return template;
        }
        String action = template;
        for (Map.Entry<?, ?> v : variables.entrySet()) {
            action = action.replace("{" + v.getKey() + "}", String.valueOf(v.getValue()));
        }
        return action;
    }

    private static boolean refused(HttpServletRequest request) {
        FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
        return flash != null && REFUSALS.stream().anyMatch(flash::containsKey);
    }

    private static String objectId(Audited audited, HttpServletRequest request, HttpServletResponse response) {
        Object named = request.getAttribute(AuditTrail.OBJECT);
        if (named != null) {
            return named.toString();
        }
        if (audited.id().startsWith("param:")) {
            String value = request.getParameter(audited.id().substring("param:".length()));
            if (value != null) {
                return value;
            }
        } else if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get(audited.id()) != null) {
            return variables.get(audited.id()).toString();
        }
        String location = response.getHeader("Location");
        if (location != null) {
            String path = location.replaceFirst("[?#].*$", "");
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return null;
    }
}
