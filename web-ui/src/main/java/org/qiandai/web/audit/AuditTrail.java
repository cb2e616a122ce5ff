package org.qiandai.web.audit;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** What an {@link Audited} handler may add to its entry when only it knows: the object it created, details. */
public final class AuditTrail {

    static final String OBJECT = AuditTrail.class.getName() + ".object";
    static final String DETAILS = AuditTrail.class.getName() + ".details";

    private AuditTrail() {
    }

    /** The id of the object the current request acted on (one it created, named in its answer's body). */
    public static void object(String id) {
        set(OBJECT, id);
    }

    /** Details for the current request's entry: no personal data in clear. */
    public static void details(String details) {
        set(DETAILS, details);
    }

    private static void set(String name, String value) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(name, value, RequestAttributes.SCOPE_REQUEST);
        }
    }
}
