package org.qiandai.web.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the POST to {@code /login} and adds {@code ?error} or {@code ?logout}. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
