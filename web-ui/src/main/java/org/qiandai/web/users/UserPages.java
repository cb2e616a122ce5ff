package org.qiandai.web.users;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.qiandai.campaign.users.Role;
import org.qiandai.campaign.users.UserAccountException;
import org.qiandai.campaign.users.UserAccounts;
import org.qiandai.web.audit.Audited;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code ADMIN}'s page for accounts: list, create, disable and enable, as plain form posts (post/redirect/get). */
@Controller
@RequestMapping("/users")
@PreAuthorize("hasRole('ADMIN')")
class UserPages {

    private final UserAccounts accounts;

    UserPages(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("users", accounts.list());
        model.addAttribute("roles", List.of(Role.values()));
        return "users/list";
    }

    @Audited(value = "user.create", object = "user", id = "param:username")
    @PostMapping
    String create(@RequestParam String username, @RequestParam String password,
                  @RequestParam(name = "roles", required = false) Set<Role> roles,
                  @RequestParam(name = "districts", required = false) String districts, RedirectAttributes redirect) {
        try {
            accounts.create(username.trim(), password, roles == null ? EnumSet.noneOf(Role.class) : roles, districtList(districts));
            redirect.addFlashAttribute("notice", "users.created");
            redirect.addFlashAttribute("noticeArg", username.trim());
        } catch (UserAccountException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            // Keep what was typed, except the password.
            redirect.addFlashAttribute("draftUsername", username);
            redirect.addFlashAttribute("draftRoles", roles == null ? Set.of() : roles);
            redirect.addFlashAttribute("draftDistricts", districts);
        }
        return "redirect:/users";
    }

    /** 东河区、青山区 or 东河区, 青山区: the districts as typed, split on commas, 、 and spaces. */
    static List<String> districtList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split("[,，、;；\\s]+")).filter(s -> !s.isBlank()).distinct().toList();
    }

    @Audited(value = "user.disable", object = "user", id = "username")
    @PostMapping("/{username}/disable")
    String disable(@PathVariable String username, Authentication auth, RedirectAttributes redirect) {
        // An administrator who disables themself can lock everyone out; another admin has to do it.
        if (username.equals(auth.getName())) {
            redirect.addFlashAttribute("problemKey", "users.cannotDisableSelf");
            return "redirect:/users";
        }
        return setEnabled(username, false, redirect);
    }

    @Audited(value = "user.enable", object = "user", id = "username")
    @PostMapping("/{username}/enable")
    String enable(@PathVariable String username, RedirectAttributes redirect) {
        return setEnabled(username, true, redirect);
    }

    private String setEnabled(String username, boolean enabled, RedirectAttributes redirect) {
        try {
            accounts.setEnabled(username, enabled);
            redirect.addFlashAttribute("notice", enabled ? "users.enabledNotice" : "users.disabledNotice");
            redirect.addFlashAttribute("noticeArg", username);
        } catch (UserAccountException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/users";
    }
}
