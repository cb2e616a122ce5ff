package org.qiandai.web.warnings;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.campaign.users.UserView;
import org.qiandai.campaign.warnings.WarningViewer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/** The signed-in user as warning cases see them: roles from the session, districts from the account. */
@Component
class WarningViewers {

    private final UserAccounts accounts;

    WarningViewers(UserAccounts accounts) {
        this.accounts = accounts;
    }

    WarningViewer of(Authentication auth) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : auth.getAuthorities()) {
            String name = a.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(name.substring(5)));
                } catch (IllegalArgumentException e) {
                    // not one of ours
                }
            }
        }
        List<String> districts = accounts.find(auth.getName()).map(UserView::districts).orElse(List.of());
        return new WarningViewer(auth.getName(), roles, districts);
    }
}
