package org.linkagehub.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security's form login handles the POST. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }
}
