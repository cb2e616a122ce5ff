package org.qiandai.campaign.users;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A user as others may see it: never the password hash. {@code districts} are the districts an officer or the duty
 * desk serves (empty for other roles, and for a desk that serves the whole city).
 */
public record UserView(String username, Set<Role> roles, boolean enabled, Instant createdAt, Instant passwordChangedAt,
                       List<String> districts) {

    public UserView {
        districts = districts == null ? List.of() : List.copyOf(districts);
    }

    public UserView(String username, Set<Role> roles, boolean enabled, Instant createdAt, Instant passwordChangedAt) {
        this(username, roles, enabled, createdAt, passwordChangedAt, List.of());
    }
}
