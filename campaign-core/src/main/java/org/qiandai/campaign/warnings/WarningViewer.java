package org.qiandai.campaign.warnings;

import java.util.List;
import java.util.Set;

import org.qiandai.campaign.users.Role;

/** Who asks, as the warning cases' access rules need it: the user, their roles and the districts they serve. */
public record WarningViewer(String username, Set<Role> roles, List<String> districts) {

    public WarningViewer {
        roles = Set.copyOf(roles);
        districts = districts == null ? List.of() : List.copyOf(districts);
    }

    /** The duty desk: sees every open case of its districts (all of them when it names none). */
    boolean desk() {
        return roles.contains(Role.DUTY);
    }

    boolean officer() {
        return roles.contains(Role.OFFICER);
    }

    /** A desk serving this district. */
    boolean deskOf(String district) {
        return desk() && (districts.isEmpty() || districts.contains(district));
    }
}
