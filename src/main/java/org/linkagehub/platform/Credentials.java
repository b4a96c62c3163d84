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

    public Credentials(SecurityProperties properties, DepartmentRegistry departments) {
        if (properties.demoCredentials()) {
            users.put("operator", new SecurityProperties.User("operator", List.of("OPERATOR"), null));
            users.put("auditor", new SecurityProperties.User("auditor", List.of("AUDITOR"), null));
            for (Department d : departments.all()) {
                String lower = d.code().toLowerCase(Locale.ROOT);
                departmentByToken.put("demo-" + lower, d.code());
                brokerPasswords.put(d.code(), "demo-" + lower);
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

    /** Broker passwords by department code; a department without one gets no broker account. */
    public Map<String, String> brokerPasswords() {
        return brokerPasswords;
    }
}
