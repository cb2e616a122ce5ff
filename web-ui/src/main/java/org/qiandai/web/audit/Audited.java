package org.qiandai.web.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request handler whose successful requests go into the audit trail as {@link #value()} (e.g. {@code campaign.approve})
 * on an object of type {@link #object()}, by the signed-in user, from the client's address. The object's id is the path
 * variable {@link #id()} ({@code param:name} for a request parameter), else what the handler named with
 * {@link AuditTrail#object}, else the last segment of the answer's {@code Location}. A request answered 4xx/5xx, or a
 * page post that came back with an error for the form, is not recorded: it changed nothing.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Audited {

    /** The action, {@code <object>.<verb>}; {@code {name}} is replaced by that path variable ({@code push.{action}}). */
    String value();

    /** The object type ({@code campaign}, {@code push}, {@code user} …). */
    String object();

    /** Where the object's id is: a path variable's name, or {@code param:<name>}. */
    String id() default "id";
}
