package org.qiandai.web.security;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page; Spring Security handles the POST to {@code /login} and adds {@code ?error}, {@code ?logout} or
 * {@code ?locked=<seconds>} (too many failed sign-ins).
 */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(@RequestParam(name = "locked", required = false) String locked, Model model) {
        if (locked != null) {
            long seconds;
            try {
                seconds = Math.max(1, Long.parseLong(locked));
            } catch (NumberFormatException e) {
                seconds = 60;
            }
            model.addAttribute("lockedMinutes", Math.max(1, (seconds + 59) / 60));
        }
        return "login";
    }
}
