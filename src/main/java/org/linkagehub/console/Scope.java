package org.linkagehub.console;

import org.linkagehub.platform.Caller;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/** Which department's data a console user may see: null for operators and auditors (all of it). */
final class Scope {

    private Scope() {
    }

    /** The user's department; a DEPARTMENT user configured without one sees nothing rather than everything. */
    static String departmentOf(Authentication user) {
        String department = Caller.department(user).orElse(null);
        boolean departmentRole = user.getAuthorities().stream().anyMatch(a -> "ROLE_DEPARTMENT".equals(a.getAuthority()));
        if (departmentRole && department == null) {
            throw new AccessDeniedException("user " + user.getName() + " has role DEPARTMENT but no department");
        }
        return department;
    }
}
