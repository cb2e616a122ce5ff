package org.qiandai.web.users;

import java.util.List;
import java.util.Set;

import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccountException;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.campaign.users.UserView;
import org.qiandai.web.audit.AuditTrail;
import org.qiandai.web.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.qiandai.web.ApiError;

/** {@code ADMIN} manages users: create, list, disable/enable, reset a password, change roles and the districts served. */
@RestController
@RequestMapping("/api/users")
@PreAuthorize("hasRole('ADMIN')")
class UserController {

    /** {@code districts}: what an OFFICER or DUTY account serves (optional). */
    record NewUser(String username, String password, Set<Role> roles, List<String> districts) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", password=(hidden), roles=" + roles + ", districts=" + districts + "]";
        }
    }

    record DistrictChange(List<String> districts) {
    }

    record PasswordReset(String password) {
        @Override
        public String toString() {
            return "PasswordReset[password=(hidden)]";
        }
    }

    record RoleChange(Set<Role> roles) {
    }

    private final UserAccounts accounts;

    UserController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Audited(value = "user.create", object = "user")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@RequestBody NewUser user) {
        UserView created = accounts.create(user.username(), user.password(), user.roles(), user.districts());
        AuditTrail.object(created.username());
        AuditTrail.details("roles " + created.roles() + (user.districts() == null ? "" : ", districts " + user.districts()));
        return created;
    }

    @GetMapping
    List<UserView> list() {
        return accounts.list();
    }

    @GetMapping("/{username}")
    UserView one(@PathVariable String username) {
        return accounts.find(username).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no user '" + username + "'"));
    }

    @Audited(value = "user.disable", object = "user", id = "username")
    @PostMapping("/{username}/disable")
    UserView disable(@PathVariable String username) {
        return accounts.setEnabled(username, false);
    }

    @Audited(value = "user.enable", object = "user", id = "username")
    @PostMapping("/{username}/enable")
    UserView enable(@PathVariable String username) {
        return accounts.setEnabled(username, true);
    }

    @Audited(value = "user.password", object = "user", id = "username")
    @PostMapping("/{username}/password")
    UserView resetPassword(@PathVariable String username, @RequestBody PasswordReset reset) {
        return accounts.resetPassword(username, reset.password());
    }

    @Audited(value = "user.roles", object = "user", id = "username")
    @PutMapping("/{username}/roles")
    UserView changeRoles(@PathVariable String username, @RequestBody RoleChange change) {
        UserView changed = accounts.setRoles(username, change.roles());
        AuditTrail.details("roles " + changed.roles());
        return changed;
    }

    @Audited(value = "user.districts", object = "user", id = "username")
    @PutMapping("/{username}/districts")
    UserView changeDistricts(@PathVariable String username, @RequestBody DistrictChange change) {
        AuditTrail.details("districts " + change.districts());
        return accounts.setDistricts(username, change.districts());
    }

    @ExceptionHandler(UserAccountException.class)
    ResponseEntity<ApiError> refused(UserAccountException e) {
        HttpStatus status = switch (e.reason()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case DUPLICATE -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
        return ResponseEntity.status(status).body(ApiError.of(status, e.getMessage()));
    }
}
