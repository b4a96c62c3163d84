package org.linkagehub.departments;

import java.util.ArrayList;
import java.util.List;

import org.linkagehub.platform.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. The webhook authenticates by its HMAC signature, health statuses, the Prometheus scrape and
 * the API description are public, the HTTP API takes HTTP Basic (operators, auditors) or a department's bearer token, statelessly.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Credentials credentials) throws Exception {
        http.securityMatcher("/api/**", "/ingest/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(Customizer.withDefaults())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .addFilterBefore(new BearerTokenFilter(credentials), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/ingest/**").permitAll()
                        .requestMatchers("/api/v1/deliveries/*/receipt").hasRole("DEPARTMENT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/departments/*/deliveries")
                                .hasAnyRole("DEPARTMENT", "OPERATOR", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/cases", "/api/v1/cases/*/reply",
                                "/api/v1/cases/*/attachments", "/api/v1/cases/*/receipt", "/api/v1/cases/*/rectification")
                                .hasRole("DEPARTMENT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/cases", "/api/v1/cases/*",
                                "/api/v1/cases/*/attachments/*").hasAnyRole("DEPARTMENT", "OPERATOR", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/tasks/*/result").hasRole("DEPARTMENT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/tasks", "/api/v1/tasks/*")
                                .hasAnyRole("DEPARTMENT", "OPERATOR", "AUDITOR")
                        // the bureau records its visits (ReturnVisitController refuses every other department)
                        .requestMatchers(HttpMethod.POST, "/api/v1/return-visits").hasRole("DEPARTMENT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/return-visits")
                                .hasAnyRole("DEPARTMENT", "OPERATOR", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/**").hasRole("OPERATOR")
                        .requestMatchers("/api/**").hasAnyRole("OPERATOR", "AUDITOR"));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain rest(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        // anonymous callers (load balancers) get statuses only (show-components/-details: when-authorized); info and
                        // every other endpoint are for operators
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Prometheus scrapes without a browser or a secret; the series carry no personal data
                        .requestMatchers("/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole("OPERATOR")
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users(Credentials credentials) {
        List<UserDetails> users = new ArrayList<>();
        credentials.users().forEach((name, user) -> users.add(details(name, user)));
        InMemoryUserDetailsManager configured = new InMemoryUserDetailsManager(users);
        // a department a routing reload added after start-up has its demo console account too
        return username -> configured.userExists(username) ? configured.loadUserByUsername(username)
                : credentials.laterDemoUser(username).map(user -> details(username, user))
                        .orElseThrow(() -> new UsernameNotFoundException(username));
    }

    private static UserDetails details(String name, SecurityProperties.User user) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        user.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r)));
        if (user.department() != null) {
            authorities.add(new SimpleGrantedAuthority(Caller.DEPARTMENT_PREFIX + user.department()));
        }
        String password = user.password();
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("linkage.security.users." + name + ".password is empty");
        }
        return User.withUsername(name).password(password.startsWith("{") ? password : "{noop}" + password)
                .authorities(authorities).build();
    }
}
