package org.linkagehub.departments;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.linkagehub.platform.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The effective accounts: configured ones, plus the documented demo ones when
 * {@code linkage.security.demo-credentials} is on. Configured values win over demo values. A department's
 * credentials count while the department is in the routing table in force, so one a reload adds signs in with
 * the token, broker password or (demo) console account configured for it ahead, without a restart.
 */
@Component
public class Credentials {

    private static final Logger log = LoggerFactory.getLogger(Credentials.class);
    private static final String DEMO_PREFIX = "demo-";

    private final Map<String, SecurityProperties.User> users = new HashMap<>();
    private final Map<String, String> departmentByToken = new HashMap<>();
    /** Departments with a configured token: their demo token no longer counts. */
    private final Set<String> configuredTokenDepartments = new HashSet<>();
    private final Map<String, String> brokerPasswords = new HashMap<>();
    private final DepartmentRegistry departments;
    private final boolean demo;

    public Credentials(SecurityProperties properties, DepartmentRegistry departments) {
        this.departments = departments;
        this.demo = properties.demoCredentials();
        if (demo) {
            users.put("operator", new SecurityProperties.User("operator", List.of("OPERATOR"), null));
            users.put("auditor", new SecurityProperties.User("auditor", List.of("AUDITOR"), null));
            for (Department d : departments.all()) {
                users.put(d.code().toLowerCase(Locale.ROOT), demoUser(d.code()));
            }
        }
        users.putAll(properties.users());
        properties.departmentTokens().forEach((code, token) -> {
            String upper = code.toUpperCase(Locale.ROOT);
            departmentByToken.put(token, upper);
            configuredTokenDepartments.add(upper);
            if (departments.find(upper).isEmpty()) {
                log.warn("linkage.security.department-tokens names department {}, which the routing table in force "
                        + "does not list: its token works once a routing reload adds it", upper);
            }
        });
        properties.brokerPasswords().forEach((code, pw) -> brokerPasswords.put(code.toUpperCase(Locale.ROOT), pw));
    }

    public Map<String, SecurityProperties.User> users() {
        return users;
    }

    /**
     * The demo console account of a department a routing reload added after start-up ({@code <code>} /
     * {@code demo-<code>}); empty without demo credentials, or when the department is not in force.
     */
    public Optional<SecurityProperties.User> laterDemoUser(String username) {
        String code = username.toUpperCase(Locale.ROOT);
        return demo && departments.find(code).isPresent() ? Optional.of(demoUser(code)) : Optional.empty();
    }

    /**
     * The department a bearer token belongs to, while that department is in force: its configured token, else
     * (demo credentials) {@code demo-<code>} unless a token is configured for it.
     */
    public Optional<String> departmentOfToken(String token) {
        String code = departmentByToken.get(token);
        if (code == null && demo && token.startsWith(DEMO_PREFIX)) {
            String candidate = token.substring(DEMO_PREFIX.length()).toUpperCase(Locale.ROOT);
            code = configuredTokenDepartments.contains(candidate) ? null : candidate;
        }
        return Optional.ofNullable(code).filter(c -> departments.find(c).isPresent());
    }

    private static SecurityProperties.User demoUser(String code) {
        return new SecurityProperties.User(DEMO_PREFIX + code.toLowerCase(Locale.ROOT), List.of("DEPARTMENT"), code);
    }

    /**
     * A department's broker password, null when it has none and so gets no broker account: the configured one, else
     * the demo one. Asked again for a department a routing reload adds, so a password configured ahead for it counts.
     */
    public String brokerPassword(String code) {
        String upper = code.toUpperCase(Locale.ROOT);
        String configured = brokerPasswords.get(upper);
        return configured != null || !demo ? configured : DEMO_PREFIX + upper.toLowerCase(Locale.ROOT);
    }

    /**
     * The broker password of the city's credit system (user {@code credit}, which reads {@code linkage.credit}), null
     * when it has none and so gets no broker account: {@code linkage.security.broker-passwords.credit}, like a
     * department's, else (demo credentials) {@code demo-credit}.
     */
    public String creditBrokerPassword() {
        String configured = brokerPasswords.get(Queues.CREDIT_ROLE.toUpperCase(Locale.ROOT));
        return configured != null || !demo ? configured : DEMO_PREFIX + Queues.CREDIT_ROLE;
    }
}
