package org.qiandai.campaign.users;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A user as stored; the username is the natural id. {@code districts} is absent on accounts stored before it existed. */
@Document("users")
record UserDocument(@Id String username, String passwordHash, Set<Role> roles, boolean enabled,
                    Instant createdAt, Instant passwordChangedAt, List<String> districts) {

    UserView view() {
        return new UserView(username, roles, enabled, createdAt, passwordChangedAt, districts);
    }
}
