package org.qiandai.campaign.users;

import java.time.Instant;
import java.util.Set;

/** A user as others may see it: never the password hash. */
public record UserView(String username, Set<Role> roles, boolean enabled, Instant createdAt, Instant passwordChangedAt) {
}
