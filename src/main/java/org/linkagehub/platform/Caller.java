package org.linkagehub.platform;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Who is calling: the department a caller acts for is carried as the authority {@code DEPT_<code>}. */
public final class Caller {

    public static final String DEPARTMENT_PREFIX = "DEPT_";

    private Caller() {
    }

    public static Optional<String> department(Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(DEPARTMENT_PREFIX)).map(a -> a.substring(DEPARTMENT_PREFIX.length()))
                .findFirst();
    }
}
