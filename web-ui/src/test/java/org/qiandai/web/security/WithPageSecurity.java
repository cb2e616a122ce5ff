package org.qiandai.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Puts the application's own security rules into a {@code @WebMvcTest} slice, which would otherwise run with
 * Spring Boot's defaults. Public so that slice tests of other web packages can use the package-private configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({SecurityConfiguration.class, ClientAddresses.class})
public @interface WithPageSecurity {
}
