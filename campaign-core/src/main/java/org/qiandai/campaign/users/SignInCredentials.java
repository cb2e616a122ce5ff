package org.qiandai.campaign.users;

import java.util.Set;

/** What sign-in needs to check a password; only the security layer asks for it. */
public record SignInCredentials(String username, String passwordHash, Set<Role> roles, boolean enabled) {
}
