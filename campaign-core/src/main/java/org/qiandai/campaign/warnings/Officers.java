package org.qiandai.campaign.warnings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.campaign.users.UserView;
import org.springframework.stereotype.Component;

/**
 * Who gets a task: the enabled users holding the step's role who serve the case's district (a {@code DUTY} account
 * naming no district serves all), in turn per district and role; nobody when no one serves
 * it (the desk sees the task unassigned and gives it to someone). The turn is kept per instance: with several
 * instances each gives in turn, so the tasks still spread over the officers.
 */
@Component
class Officers {

    private final UserAccounts users;
    private final Map<String, java.util.concurrent.atomic.AtomicLong> turns = new java.util.concurrent.ConcurrentHashMap<>();

    Officers(UserAccounts users) {
        this.users = users;
    }

    /** A crew for one round of work: the accounts are read once per role for the round. */
    WarningCase.Crew crew() {
        Map<Role, List<UserView>> byRole = new HashMap<>();
        return (district, role) -> {
            List<String> serving = byRole.computeIfAbsent(role, users::withRole).stream()
                    .filter(u -> u.districts().contains(district) || role == Role.DUTY && u.districts().isEmpty())
                    .map(UserView::username).toList();
            if (serving.isEmpty()) {
                return null;
            }
            long n = turns.computeIfAbsent(district + "|" + role, k -> new java.util.concurrent.atomic.AtomicLong()).getAndIncrement();
            return serving.get((int) Math.floorMod(n, (long) serving.size()));
        };
    }

    /** Whether {@code username} is an enabled user who may take a task of {@code district} for {@code role}. */
    boolean serves(String username, String district, Role role) {
        return users.find(username).filter(UserView::enabled).filter(u -> u.roles().contains(role) || u.roles().contains(Role.DUTY))
                .filter(u -> u.districts().contains(district) || u.roles().contains(Role.DUTY) && u.districts().isEmpty()).isPresent();
    }
}
