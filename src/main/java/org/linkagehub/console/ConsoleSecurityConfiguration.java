package org.linkagehub.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's own filter chain: a session with form login at {@code /login} (username, password, CSRF
 * token), apart from the HTTP API's stateless chain, so a console session cookie never authenticates an API
 * call. OPERATOR may do everything, AUDITOR may read everything, a DEPARTMENT reads and signs for its own
 * deliveries and files and follows its own cases, and the bureau answers them (the controllers narrow every query to
 * the department). Cases are read-only for operators: only the bureau replies. Return visits are the bureau's: it
 * records them, operators and the auditor read them, other departments neither.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    @Bean
    @Order(0)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        http.securityMatcher("/console", "/console/**", "/login", "/logout")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/console/console.css").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/deliveries/*/receipt").hasRole("DEPARTMENT")
                        // a department files as itself; only the bureau's replies pass CasePagesController
                        .requestMatchers(HttpMethod.POST, "/console/cases", "/console/cases/*/reply", "/console/cases/*/sign",
                                "/console/cases/*/rectification")
                                .hasRole("DEPARTMENT")
                        // the bureau records its return visits; VisitPagesController refuses every other department
                        .requestMatchers(HttpMethod.POST, "/console/return-visits").hasRole("DEPARTMENT")
                        // a department answers its own commitment checks; TaskDesk refuses another's
                        .requestMatchers(HttpMethod.POST, "/console/tasks/*/result").hasRole("DEPARTMENT")
                        .requestMatchers(HttpMethod.POST, "/console/**").hasRole("OPERATOR")
                        .requestMatchers("/console", "/console/departments/*", "/console/decisions",
                                "/console/decisions/*", "/console/cases", "/console/cases/*",
                                "/console/cases/*/attachments/*", "/console/return-visits", "/console/tasks")
                                .authenticated()
                        .anyRequest().hasAnyRole("OPERATOR", "AUDITOR"))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", true).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll());
        return http.build();
    }
}
