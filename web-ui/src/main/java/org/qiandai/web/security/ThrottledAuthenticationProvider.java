package org.qiandai.web.security;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a username and password against the accounts (bcrypt), refusing at once while {@link LoginThrottle} says the
 * user or the address has failed too often, and records each sign-in in the audit trail: {@code auth.success} (for the
 * API's HTTP Basic, the first of each user and address per {@link SignInAudit#BASIC_INTERVAL}), {@code auth.failure}
 * with the reason, {@code auth.locked}. The username tried is recorded; the password never.
 */
@Component
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider accounts;
    private final LoginThrottle throttle;
    private final SignInAudit audit;

    ThrottledAuthenticationProvider(AccountUserDetailsService users, PasswordEncoder passwords, LoginThrottle throttle, SignInAudit audit) {
        this.accounts = new DaoAuthenticationProvider(users);
        this.accounts.setPasswordEncoder(passwords);
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        ClientDetails client = authentication.getDetails() instanceof ClientDetails d ? d : ClientDetails.UNKNOWN;
        Duration wait = throttle.wait(username, client.address());
        if (!wait.isZero()) {
            audit.locked(username, client);
            throw new SignInLockedException(wait);
        }
        try {
            Authentication result = accounts.authenticate(authentication);
            throttle.succeeded(username);
            audit.succeeded(username, client);
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(username, client.address());
            audit.failed(username, client, "bad-credentials");
            throw e;
        } catch (AuthenticationException e) {
            audit.failed(username, client, e instanceof org.springframework.security.authentication.DisabledException ? "disabled" : "refused");
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Too many failed sign-ins: says how long to wait. */
    static final class SignInLockedException extends LockedException {

        private final Duration wait;

        SignInLockedException(Duration wait) {
            super("too many failed sign-ins for this user or address; try again in " + wait.toSeconds() + " s");
            this.wait = wait;
        }

        Duration retryAfter() {
            return wait;
        }
    }
}
