package org.linkagehub.platform;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The platforms' webhooks ({@code POST /ingest/**}) are not observed (issue #17 item 6): at thousands of requests a
 * second the server's request observation and Spring Security's observation of each of its filters cost more than
 * what they tell, which the hub's own figures tell already (each source's records, failures and lag, decisions by
 * source: {@code linkage_*}). So {@code http_server_requests} has no series for them; every other endpoint is observed
 * as before.
 */
@Configuration(proxyBeanMethods = false)
class IntakeObservations {

    static final String WEBHOOKS = "/ingest/";

    @Bean
    ObservationPredicate webhooksNotObserved() {
        return (name, context) -> {
            HttpServletRequest request = context instanceof ServerRequestObservationContext server ? server.getCarrier()
                    : current();
            return request == null || !webhook(request);
        };
    }

    static boolean webhook(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && request.getRequestURI().startsWith(request.getContextPath() + WEBHOOKS);
    }

    /** The request this thread serves, once {@code RequestContextFilter} has run (before Spring Security's chain). */
    private static HttpServletRequest current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
