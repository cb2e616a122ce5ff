package org.qiandai.campaign.users;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates, lists, disables and re-keys user accounts. */
@Service
public class UserAccounts {

    static final int MAX_DISTRICT_LENGTH = 50;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");

    private final MongoTemplate mongo;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final PasswordRules rules;

    UserAccounts(MongoTemplate mongo, PasswordEncoder passwords, Clock clock, PasswordRules rules) {
        this.mongo = mongo;
        this.passwords = passwords;
        this.clock = clock;
        this.rules = rules;
    }

    public UserView create(String username, String password, Set<Role> roles) {
        return create(username, password, roles, List.of());
    }

    /**
     * A user serving {@code districts} (what an {@link Role#OFFICER} or {@link Role#DUTY} account is limited to; each
     * named at most once, at most {@value #MAX_DISTRICT_LENGTH} characters).
     */
    public UserView create(String username, String password, Set<Role> roles, List<String> districts) {
        checkPassword(username, password);
        return insert(username, password, roles, checkDistricts(districts));
    }

    /** The first administrator, whose password the operator chose in the environment: taken as given. */
    UserView createFirstAdmin(String password) {
        if (password == null || password.isEmpty()) {
            throw invalid("the first administrator needs a password");
        }
        return insert("admin", password, EnumSet.of(Role.ADMIN), List.of());
    }

    private UserView insert(String username, String password, Set<Role> roles, List<String> districts) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw invalid("username must be 3–32 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit");
        }
        if (roles == null || roles.isEmpty()) {
            throw invalid("roles must name at least one of " + EnumSet.allOf(Role.class));
        }
        Instant now = clock.instant();
        UserDocument user = new UserDocument(username, passwords.encode(password), EnumSet.copyOf(roles), true, now, now, districts);
        try {
            mongo.insert(user);
        } catch (DuplicateKeyException e) {
            throw new UserAccountException(UserAccountException.Reason.DUPLICATE, "user '" + username + "' already exists");
        }
        return user.view();
    }

    public List<UserView> list() {
        return mongo.find(new Query().with(Sort.by("_id")), UserDocument.class).stream().map(UserDocument::view).toList();
    }

    public Optional<UserView> find(String username) {
        return Optional.ofNullable(mongo.findById(username, UserDocument.class)).map(UserDocument::view);
    }

    public UserView setEnabled(String username, boolean enabled) {
        return update(username, new Update().set("enabled", enabled));
    }

    public UserView setRoles(String username, Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw invalid("roles must name at least one of " + EnumSet.allOf(Role.class));
        }
        return update(username, new Update().set("roles", EnumSet.copyOf(roles)));
    }

    /** Changes the districts a user serves. */
    public UserView setDistricts(String username, List<String> districts) {
        return update(username, new Update().set("districts", checkDistricts(districts)));
    }

    /** Enabled users holding {@code role}, by username (the collection is small: one document per member of staff). */
    public List<UserView> withRole(Role role) {
        return mongo.find(Query.query(Criteria.where("roles").is(role.name()).and("enabled").is(true)).with(Sort.by("_id")), UserDocument.class)
                .stream().map(UserDocument::view).toList();
    }

    /** The shortest password accepted ({@code qiandai.security.password.min-length}), for forms to say so. */
    public int minPasswordLength() {
        return rules.minLength();
    }

    public UserView resetPassword(String username, String newPassword) {
        checkPassword(username, newPassword);
        return update(username, new Update().set("passwordHash", passwords.encode(newPassword)).set("passwordChangedAt", clock.instant()));
    }

    public Optional<SignInCredentials> credentials(String username) {
        return Optional.ofNullable(mongo.findById(username, UserDocument.class))
                .map(u -> new SignInCredentials(u.username(), u.passwordHash(), u.roles(), u.enabled()));
    }

    public boolean anyExist() {
        return mongo.exists(new Query(), UserDocument.class);
    }

    private UserView update(String username, Update update) {
        UserDocument updated = mongo.findAndModify(Query.query(Criteria.where("_id").is(username)), update,
                org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true), UserDocument.class);
        if (updated == null) {
            throw new UserAccountException(UserAccountException.Reason.NOT_FOUND, "no user '" + username + "'");
        }
        return updated.view();
    }

    private static List<String> checkDistricts(List<String> districts) {
        if (districts == null) {
            return List.of();
        }
        List<String> result = new java.util.ArrayList<>();
        for (String d : districts) {
            if (d == null || d.isBlank()) {
                throw invalid("districts: a district name is empty");
            }
            String name = d.strip();
            if (name.length() > MAX_DISTRICT_LENGTH) {
                throw invalid("districts: '" + name + "' is longer than " + MAX_DISTRICT_LENGTH + " characters");
            }
            if (result.contains(name)) {
                throw invalid("districts: '" + name + "' is named twice");
            }
            result.add(name);
        }
        return List.copyOf(result);
    }

    /** The password rules ({@link PasswordRules}): length, not the username, not a common password. */
    private void checkPassword(String username, String password) {
        String refusal = rules.refusal(username, password);
        if (refusal != null) {
            throw invalid(refusal);
        }
    }

    private static UserAccountException invalid(String message) {
        return new UserAccountException(UserAccountException.Reason.INVALID, message);
    }
}
