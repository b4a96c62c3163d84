package org.linkagehub.platform;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.linkagehub.routing.Department;
import org.linkagehub.routing.DepartmentRegistry;
import org.springframework.stereotype.Component;

/**
 * The effective accounts: configured ones, plus the documented demo ones when
 * {@code linkage.security.demo-credentials} is on. Configured values win over demo values.
 */
@Component
public class Credentials {

    private final Map<String, SecurityProperties.User> users = new HashMap<>();
    private final Map<String, String> departmentByToken = new HashMap<>();
    private final Map<String, String> brokerPasswords = new HashMap<>();
    private final boolean demo;

    public Credentials(SecurityProperties properties, DepartmentRegistry departments) {
        this.demo = properties.demoCredentials();
        if (demo) {
            users.put("operator", new SecurityProperties.User("operator", List.of("OPERATOR"), null));
            users.put("auditor", new SecurityProperties.User("auditor", List.of("AUDITOR"), null));
            for (Department d : departments.all()) {
                String lower = d.code().toLowerCase(Locale.ROOT);
                departmentByToken.put("demo-" + lower, d.code());
                users.put(lower, new SecurityProperties.User("demo-" + lower, List.of("DEPARTMENT"), d.code()));
            }
        }
        users.putAll(properties.users());
        properties.departmentTokens().forEach((code, token) -> {
            String upper = code.toUpperCase(Locale.ROOT);
            departmentByToken.values().removeIf(upper::equals);
            departmentByToken.put(token, upper);
        });
        properties.brokerPasswords().forEach((code, pw) -> brokerPasswords.put(code.toUpperCase(Locale.ROOT), pw));
        departmentByToken.values().forEach(code -> departments.find(code).orElseThrow(
                () -> new IllegalStateException("linkage.security.department-tokens names unknown department " + code)));
    }

    public Map<String, SecurityProperties.User> users() {
        return users;
    }

    /** The department a bearer token belongs to. */
    public Optional<String> departmentOfToken(String token) {
        return Optional.ofNullable(departmentByToken.get(token));
    }

    /**
     * A department's broker password, null when it has none and so gets no broker account: the configured one, else
     * the demo one. Asked again for a department a routing reload adds, so a password configured ahead for it counts.
     */
    public String brokerPassword(String code) {
        String upper = code.toUpperCase(Locale.ROOT);
        String configured = brokerPasswords.get(upper);
        return configured != null || !demo ? configured : "demo-" + upper.toLowerCase(Locale.ROOT);
    }
}
