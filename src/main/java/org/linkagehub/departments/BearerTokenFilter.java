package org.linkagehub.departments;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.linkagehub.platform.Caller;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a department's system by its API token ({@code Authorization: Bearer <token>}). An unknown
 * token is answered 401 at once, never passed on as anonymous.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final Credentials credentials;

    BearerTokenFilter(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).trim();
        var department = credentials.departmentOfToken(token);
        if (department.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"unknown API token\"}");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new DepartmentToken(department.get()));
        chain.doFilter(request, response);
    }

    /** An authenticated department system. */
    static final class DepartmentToken extends AbstractAuthenticationToken {

        private final String department;

        DepartmentToken(String department) {
            super(List.of(new SimpleGrantedAuthority("ROLE_DEPARTMENT"),
                    new SimpleGrantedAuthority(Caller.DEPARTMENT_PREFIX + department)));
            this.department = department;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "dept:" + department;
        }
    }
}
