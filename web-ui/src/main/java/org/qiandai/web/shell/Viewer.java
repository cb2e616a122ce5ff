package org.qiandai.web.shell;

import java.util.Set;

/**
 * The signed-in user as the layout needs it: a name and the roles that decide which navigation to show.
 *
 * @param roles role names without the {@code ROLE_} prefix, e.g. {@code ANALYST}
 */
public record Viewer(String username, Set<String> roles) {

    public boolean has(String role) {
        return roles.contains(role);
    }
}
