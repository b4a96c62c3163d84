package org.linkagehub.console;

import java.sql.Timestamp;
import java.time.OffsetDateTime;

import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/actions}: the dead-letter queues with the operator's retry, and the audit log of every
 * operator action (route control, replays, retries).
 */
@Controller
class ActionsController {

    private final DeadLetters deadLetters;
    private final JdbcTemplate jdbc;

    ActionsController(DeadLetters deadLetters, JdbcTemplate jdbc) {
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
    }

    @GetMapping("/console/actions")
    String actions(Model model) {
        try {
            model.addAttribute("deadLetters", deadLetters.queues());
        } catch (IllegalStateException e) {
            model.addAttribute("deadLettersError", e.getMessage());
        }
        model.addAttribute("audit", jdbc.query("select at, actor, action, target, before::text as before, "
                + "after::text as after from audit_log order by id desc limit 50", (rs, n) -> new AuditRow(
                        time(rs.getTimestamp("at")), rs.getString("actor"), rs.getString("action"),
                        rs.getString("target"), rs.getString("before"), rs.getString("after"))));
        return "console/actions";
    }

    @PostMapping("/console/dead-letters/retry")
    String retry(Authentication user, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("message", "moved " + deadLetters.retryAll(user.getName()));
        } catch (IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/actions";
    }

    private static OffsetDateTime time(Timestamp t) {
        return BeijingTime.of(t.toInstant());
    }

    record AuditRow(OffsetDateTime at, String actor, String action, String target, String before, String after) {
    }
}
