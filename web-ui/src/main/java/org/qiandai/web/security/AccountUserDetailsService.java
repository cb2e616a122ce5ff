package org.qiandai.web.security;

import org.qiandai.campaign.users.UserAccounts;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Signs users in against the accounts campaign-core keeps; a disabled account cannot sign in. */
@Component
class AccountUserDetailsService implements UserDetailsService {

    private final UserAccounts accounts;

    AccountUserDetailsService(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return accounts.credentials(username)
                .map(c -> User.withUsername(c.username())
                        .password(c.passwordHash())
                        .roles(c.roles().stream().map(Enum::name).toArray(String[]::new))
                        .disabled(!c.enabled())
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException(username));
    }
}
