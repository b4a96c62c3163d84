package org.linkagehub.departments;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the hub ({@code linkage.security.*}). Outside the demo profile nothing has a default: an
 * operator account, a department's API token or broker password exists only when configured here.
 *
 * @param users             console and API users by name: password ({@code {bcrypt}…} or plain) and roles
 * @param departmentTokens  API bearer token of each department, by department code
 * @param brokerPasswords   broker password of each department (user = code in lower case), by code
 * @param demoCredentials   adds the documented demo accounts: {@code operator}/{@code operator}, token
 *                          {@code demo-<code>} and broker user {@code <code>}/{@code demo-<code>}
 */
@ConfigurationProperties("linkage.security")
public record SecurityProperties(@DefaultValue Map<String, User> users, @DefaultValue Map<String, String> departmentTokens,
        @DefaultValue Map<String, String> brokerPasswords, @DefaultValue("false") boolean demoCredentials) {

    /**
     * @param roles      OPERATOR, AUDITOR or DEPARTMENT
     * @param department for a DEPARTMENT user, its department code
     */
    public record User(String password, @DefaultValue("OPERATOR") List<String> roles, String department) {
    }
}
