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
 * naming no district serves all), in turn per district and role ({@code warning_rotation}); nobody when no one serves
 * it (the desk sees the task unassigned and gives it to someone).
 */
@Component
class Officers {

    private final UserAccounts users;
    private final WarningStore store;

    Officers(UserAccounts users, WarningStore store) {
        this.users = users;
        this.store = store;
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
            long n = store.nextInTurn(district, role.name());
            return serving.get((int) Math.floorMod(n - 1, (long) serving.size()));
        };
    }

    /** Whether {@code username} is an enabled user who may take a task of {@code district} for {@code role}. */
    boolean serves(String username, String district, Role role) {
        return users.find(username).filter(UserView::enabled).filter(u -> u.roles().contains(role) || u.roles().contains(Role.DUTY))
                .filter(u -> u.districts().contains(district) || u.roles().contains(Role.DUTY) && u.districts().isEmpty()).isPresent();
    }
}
