package org.qiandai.web.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Pages sign in through a form; {@code /api/**} takes HTTP Basic or the page session and answers 401 rather
 * than redirecting. Which role reaches which URL is listed here in one place.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    private static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
    /** Actuator endpoints are for machines (a Prometheus scraper with HTTP Basic): 401, never the login form. */
    private static final RequestMatcher ACTUATOR = PathPatternRequestMatcher.withDefaults().matcher("/actuator/**");
    /** Twilio's webhooks: no login, no CSRF token; each request is verified by its X-Twilio-Signature instead. */
    private static final RequestMatcher TWILIO_WEBHOOKS = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/channels/twilio/*");
    /** Partner platforms post receipts without an account: each is signed with the partner's secret instead. */
    private static final RequestMatcher PARTNER_RECEIPTS = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/api/channels/partners/*/receipts");

    /** Other headers every answer carries besides the CSP (HSTS is added by Spring Security on HTTPS requests). */
    private static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ClientAddresses addresses, ObjectProvider<SignInAudit> signIns) throws Exception {
        http
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                // Metrics name channels, volumes and failures: administrators (and the scraper's ADMIN account) only.
                .requestMatchers("/actuator/prometheus", "/actuator/**").hasRole("ADMIN")
                .requestMatchers("/login", "/error", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico").permitAll()
                .requestMatchers(TWILIO_WEBHOOKS).permitAll()
                // A channel's recent traffic: the publicity team and leaders, as for pushes.
                .requestMatchers(HttpMethod.GET, "/channels/*/traffic", "/api/channels/*/traffic").hasAnyRole("PUBLICITY", "LEADER")
                .requestMatchers(PARTNER_RECEIPTS).permitAll()
                .requestMatchers("/api/users/**", "/users/**").hasRole("ADMIN")
                // Retention: administrators apply the configured ages (the answers are counts, never personal data).
                .requestMatchers("/api/retention", "/api/retention/**").hasRole("ADMIN")
                // Channel settings and credentials: administrators only.
                .requestMatchers("/api/channels/settings", "/api/channels/settings/**", "/channels/settings", "/channels/settings/**").hasRole("ADMIN")
                // The audit trail: administrators only.
                .requestMatchers("/api/audit", "/api/audit/**", "/audit", "/audit/**").hasRole("ADMIN")
                .requestMatchers("/api/cases/**", "/cases/**").hasRole("ANALYST")
                .requestMatchers("/api/profiles/**", "/profiles/**").hasRole("ANALYST")
                // Analysts save segments from victim profiles; the publicity team builds them over contacts for campaigns.
                .requestMatchers("/api/segments", "/api/segments/**", "/segments", "/segments/**").hasAnyRole("ANALYST", "PUBLICITY")
                // Contacts and the do-not-contact list hold phone numbers: the publicity team only (not ADMIN, not LEADER).
                .requestMatchers("/api/contacts", "/api/contacts/**", "/contacts", "/contacts/**").hasRole("PUBLICITY")
                .requestMatchers("/api/dnc", "/api/dnc/**", "/dnc", "/dnc/**").hasRole("PUBLICITY")
                // Pushes: the publicity team creates, pauses and cancels them; leaders read them.
                .requestMatchers(HttpMethod.GET, "/api/pushes", "/api/pushes/**", "/api/campaigns/*/pushes", "/pushes", "/pushes/**")
                    .hasAnyRole("PUBLICITY", "LEADER")
                .requestMatchers("/api/pushes/**", "/api/campaigns/*/pushes", "/api/campaigns/*/pushes/**", "/pushes/**").hasRole("PUBLICITY")
                // Warnings and campaigns: publicity writes; leaders (and admins) read and approve. Finer rules on the controllers.
                .requestMatchers(HttpMethod.GET, "/api/templates", "/api/templates/**", "/templates", "/templates/**").hasAnyRole("PUBLICITY", "LEADER", "ADMIN")
                .requestMatchers("/api/templates/**", "/templates/**").hasRole("PUBLICITY")
                .requestMatchers("/api/campaigns", "/api/campaigns/**", "/campaigns", "/campaigns/**", "/api/activities", "/api/activities/**")
                    .hasAnyRole("PUBLICITY", "LEADER", "ADMIN")
                // Reach and effect: aggregates only, for leaders, the publicity team and analysts; leaders and admins rebuild the counters.
                .requestMatchers(HttpMethod.POST, "/api/analytics/rebuild").hasAnyRole("LEADER", "ADMIN")
                .requestMatchers("/api/analytics/**", "/dashboard", "/dashboard/**", "/reports", "/reports/**")
                    .hasAnyRole("LEADER", "PUBLICITY", "ANALYST")
                // Early warnings: the duty desk takes in leads; leaders and the desk read the figures; publicity and the desk
                // choose the warnings; officers and the desk work the cases (who sees which case: WarningCases).
                .requestMatchers(HttpMethod.GET, "/api/warnings/stats", "/warnings/stats").hasAnyRole("LEADER", "DUTY")
                .requestMatchers("/api/warnings/playbook").hasAnyRole("DUTY", "PUBLICITY")
                .requestMatchers("/api/warnings/leads", "/api/warnings/leads/**", "/warnings/leads", "/warnings/import").hasRole("DUTY")
                .requestMatchers(HttpMethod.GET, "/warnings").hasAnyRole("DUTY", "OFFICER", "LEADER")
                .requestMatchers("/api/warnings/**", "/warnings/**").hasAnyRole("DUTY", "OFFICER")
                .anyRequest().authenticated())
            .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll()
                .authenticationDetailsSource(ClientDetails.source(addresses, true))
                // Too many failures: the form says so (and for how long) instead of "wrong password".
                .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                    + (e instanceof ThrottledAuthenticationProvider.SignInLockedException locked
                        ? "/login?locked=" + locked.retryAfter().toSeconds() : "/login?error"))))
            .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll()
                .addLogoutHandler((request, response, auth) -> {
                    if (auth != null) {
                        signIns.ifAvailable(audit -> audit.signedOut(auth.getName(), addresses.of(request)));
                    }
                }))
            .httpBasic(basic -> basic.realmName("Qiandai")
                .authenticationDetailsSource(ClientDetails.source(addresses, false))
                .authenticationEntryPoint(SecurityConfiguration::basicRefused))
            // A new session id at sign-in, so a session id planted before it is worth nothing after (Spring's default, stated).
            .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
            // The API answers 401; a page always sends a stranger to the login form, whatever the client accepts.
            .exceptionHandling(ex -> ex
                .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), new OrRequestMatcher(API, ACTUATOR))
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), new NegatedRequestMatcher(new OrRequestMatcher(API, ACTUATOR))))
            // API clients authenticate every request with Basic, so CSRF protects the cookie-based page session only.
            .csrf(csrf -> csrf.ignoringRequestMatchers(request -> API.matches(request) && request.getHeader("Authorization") != null)
                .ignoringRequestMatchers(TWILIO_WEBHOOKS)
                .ignoringRequestMatchers(PARTNER_RECEIPTS))
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY))
                .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin")));
        return http.build();
    }

    /**
     * HTTP Basic credentials refused: 401 asking for Basic, or 429 with {@code Retry-After} while the user or address is
     * locked out after too many failures.
     */
    private static void basicRefused(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof ThrottledAuthenticationProvider.SignInLockedException locked) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(locked.retryAfter().toSeconds()));
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":429,\"error\":\"Too Many Requests\",\"message\":\"" + locked.getMessage() + "\"}");
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Qiandai\"");
        response.sendError(HttpStatus.UNAUTHORIZED.value(), HttpStatus.UNAUTHORIZED.getReasonPhrase());
    }
}
